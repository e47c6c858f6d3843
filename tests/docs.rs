//! The repository's own documents stay true: every `SPEC.md §x` citation anywhere in the
//! repository names a section that docs/SPEC.md has, every `ABI.md §x` one a section of
//! docs/ABI.md; every file and name on an "Implemented in:" or "Tested by:" line of
//! docs/SPEC.md exists; every clause says both; a clause tested by nothing is listed
//! under "Gaps"; and no file sends the reader to documents outside the repository.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Folders and top-level files whose text is checked for citations.
const SCANNED: &[&str] = &[
    "src",
    "tests",
    "docs",
    "ci",
    "include",
    "examples",
    "benches",
    "fuzz",
    ".ci",
    "README.md",
    "BENCHMARKS.md",
    "Cargo.toml",
    "build.rs",
    "cbindgen.toml",
];

/// Folders never read: build output and fuzzing inputs (data, not prose).
const SKIPPED_DIRS: &[&str] = &["target", "corpus", "artifacts", ".git"];

fn text_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if SKIPPED_DIRS.contains(&name) {
            return;
        }
        let mut entries: Vec<PathBuf> = fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for entry in entries {
            text_files(&entry, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

/// Every scanned text file with its path relative to the repository root (but this file,
/// whose examples are not citations).
fn scanned_files() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    for item in SCANNED {
        text_files(&root().join(item), &mut paths);
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let text = fs::read_to_string(&p).ok()?; // binary files are not prose
            let rel = p.strip_prefix(root()).unwrap().display().to_string();
            (rel != "tests/docs.rs").then_some((rel, text))
        })
        .collect()
}

/// The section numbers a citation lists after its document name: `§3.2, §4` -> 3.2, 4;
/// `§3-§6` -> 3, 6. `rest` starts just after the document name.
fn cited_sections(rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut s = rest.trim_start();
    while let Some(after) = s.strip_prefix('§') {
        let number: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let number = number.trim_end_matches('.').to_string();
        if number.is_empty() {
            break;
        }
        s = &after[number.len()..];
        out.push(number);
        // The list goes on only with another section sign right after a separator.
        let next = [", §", "-§", "–§", " and §", ", and §"]
            .iter()
            .find(|sep| s.starts_with(**sep));
        match next {
            Some(sep) => s = &s[sep.len() - '§'.len_utf8()..],
            None => break,
        }
    }
    out
}

/// Every (line number, section) cited as `<doc> §x` in `text`.
fn citations(text: &str, doc: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find(doc) {
            rest = &rest[i + doc.len()..];
            for section in cited_sections(rest) {
                out.push((n + 1, section));
            }
        }
    }
    out
}

/// The section numbers of a Markdown file's headings that start with a number, after an
/// optional section sign: `### §3.2 Close ...` -> 3.2, `## 6. Inline ...` -> 6.
fn heading_numbers(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| {
            let title = l.trim_start_matches('#').trim_start();
            let title = title.strip_prefix('§').unwrap_or(title);
            let number: String = title
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number = number.trim_end_matches('.');
            (!number.is_empty()).then(|| number.to_string())
        })
        .collect()
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

#[test]
fn spec_citations_name_existing_sections() {
    let sections = heading_numbers(&read("docs/SPEC.md"));
    assert!(sections.contains("3.2") && sections.contains("7"), "{sections:?}");
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (file, text) in scanned_files() {
        for (line, section) in citations(&text, "SPEC.md") {
            seen += 1;
            if !sections.contains(&section) {
                wrong.push(format!("{file}:{line}: docs/SPEC.md has no §{section}"));
            }
        }
    }
    assert!(
        seen > 20,
        "the scan found only {seen} citations: is it still reading the tree?"
    );
    assert!(
        wrong.is_empty(),
        "citations of missing sections:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn bare_section_references_in_spec_and_design_exist() {
    // In docs/SPEC.md and docs/DESIGN.md a bare `§x` means a clause of SPEC.md, except
    // right after another document's name.
    let sections = heading_numbers(&read("docs/SPEC.md"));
    let mut wrong = Vec::new();
    for file in ["docs/SPEC.md", "docs/DESIGN.md"] {
        for (n, line) in read(file).lines().enumerate() {
            for (i, _) in line.match_indices('§') {
                if line[..i].ends_with("ABI.md ") {
                    continue;
                }
                for section in cited_sections(&line[i..]) {
                    if !sections.contains(&section) {
                        wrong.push(format!("{file}:{}: docs/SPEC.md has no §{section}", n + 1));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn abi_citations_name_existing_sections() {
    let sections = heading_numbers(&read("docs/ABI.md"));
    assert!(sections.contains("6.1"), "{sections:?}");
    let mut wrong = Vec::new();
    for (file, text) in scanned_files() {
        for (line, section) in citations(&text, "ABI.md") {
            if !sections.contains(&section) {
                wrong.push(format!("{file}:{line}: docs/ABI.md has no §{section}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "citations of missing sections:\n{}",
        wrong.join("\n")
    );
}

/// One clause of docs/SPEC.md: its number and its two pointer lines.
#[derive(Debug, Default)]
struct Clause {
    number: String,
    implemented: Vec<String>,
    tested: Vec<String>,
}

fn clauses(spec: &str) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    for line in spec.lines() {
        if let Some(title) = line.strip_prefix("### §") {
            let number: String = title
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            out.push(Clause {
                number,
                ..Clause::default()
            });
        } else if line.starts_with("## ") {
            // A new section: lines until its first clause belong to no clause.
            out.push(Clause::default());
        } else if let Some(clause) = out.last_mut() {
            let item = line.trim_start().trim_start_matches("- ");
            if let Some(rest) = item.strip_prefix("Implemented in:") {
                clause.implemented.push(rest.trim().to_string());
            } else if let Some(rest) = item.strip_prefix("Tested by:") {
                clause.tested.push(rest.trim().to_string());
            }
        }
    }
    out.retain(|c| !c.number.is_empty() || !c.implemented.is_empty() || !c.tested.is_empty());
    out
}

/// The backticked items of a pointer line.
fn backticked(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

fn is_path(item: &str) -> bool {
    item.contains('/')
        || [".rs", ".c", ".h", ".sh", ".md", ".toml", ".py", ".tsv"]
            .iter()
            .any(|ext| item.ends_with(ext))
}

fn is_identifier(item: &str) -> bool {
    let mut chars = item.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `word` occurs in `text` as a whole identifier.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The text of a file, or of every file under a folder.
fn text_of(path: &Path) -> String {
    let mut files = Vec::new();
    text_files(path, &mut files);
    files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Problems with one pointer line: a path that does not exist, a name not found in the
/// path before it, an item that is neither.
fn check_pointer_line(clause: &str, line: &str, problems: &mut Vec<String>) {
    let items = backticked(line);
    if items.is_empty() {
        problems.push(format!("§{clause}: no file named in {line:?}"));
    }
    let mut current: Option<(String, String)> = None; // (path, its text)
    for item in items {
        if is_path(item) {
            let path = root().join(item);
            let exists = if item.ends_with('/') {
                path.is_dir()
            } else {
                path.exists()
            };
            if !exists {
                problems.push(format!("§{clause}: `{item}` does not exist"));
                current = None;
            } else {
                current = Some((item.to_string(), text_of(&path)));
            }
        } else if is_identifier(item) {
            match &current {
                Some((path, text)) if !has_word(text, item) => {
                    problems.push(format!("§{clause}: `{item}` is not in `{path}`"));
                }
                Some(_) => {}
                None => problems.push(format!("§{clause}: `{item}` follows no existing file")),
            }
        } else {
            problems.push(format!("§{clause}: `{item}` is neither a path nor a name"));
        }
    }
}

#[test]
fn spec_pointers_exist() {
    let spec = read("docs/SPEC.md");
    let all = clauses(&spec);
    assert!(all.len() > 30, "only {} clauses found", all.len());
    let gaps = spec
        .split_once("\n## Gaps")
        .map(|(_, g)| g.to_string())
        .expect("docs/SPEC.md has a Gaps section");
    let mut problems = Vec::new();
    for clause in &all {
        let n = &clause.number;
        if n.is_empty() {
            problems.push("a pointer line outside any clause".to_string());
            continue;
        }
        if clause.implemented.len() != 1 || clause.tested.len() != 1 {
            problems.push(format!(
                "§{n}: needs exactly one \"Implemented in:\" and one \"Tested by:\" line"
            ));
        }
        for line in &clause.implemented {
            check_pointer_line(n, line, &mut problems);
        }
        for line in &clause.tested {
            if line.starts_with("none yet") {
                if !gaps.contains(&format!("§{n}")) {
                    problems.push(format!("§{n}: tested by none yet, but not listed under Gaps"));
                }
            } else {
                check_pointer_line(n, line, &mut problems);
            }
        }
    }
    assert!(problems.is_empty(), "docs/SPEC.md:\n{}", problems.join("\n"));
}

/// Documents that live outside the repository, which a clone does not have.
const OUTSIDE: &[&str] = &[
    "/work/shared",
    "../shared/",
    "contract.md",
    "contract §",
    "mi-abi.md",
    "mi-abi §",
];

#[test]
fn nothing_cites_documents_outside_the_repository() {
    let mut found = Vec::new();
    for (file, text) in scanned_files() {
        for (n, line) in text.lines().enumerate() {
            // The external abi-check tool is optional, and its default place is a path, not
            // a source the reader needs (ci/test-all.sh skips it when it is absent).
            if line.contains("abi-check") {
                continue;
            }
            // The OMI kit is optional too: what uses it (tests/sample_provider_omi.rs,
            // tests/omi_providers.rs, ci/bench-host.sh) skips with one line when it is absent.
            if line.contains("shared/omi") {
                continue;
            }
            for needle in OUTSIDE {
                if line.contains(needle) {
                    found.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "cites documents outside the repository:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_parsers_read_what_the_repository_writes() {
    assert_eq!(cited_sections(" §3.2, §4): ok"), ["3.2", "4"]);
    assert_eq!(cited_sections(" §3-§6 through"), ["3", "6"]);
    assert_eq!(cited_sections(" §3.2-§3.5)."), ["3.2", "3.5"]);
    assert_eq!(cited_sections(" §2, §3; docs/ABI.md §1.4"), ["2", "3"]);
    assert_eq!(cited_sections(" §7. Next sentence"), ["7"]);
    assert!(cited_sections(" is the contract").is_empty());
    assert_eq!(
        citations("a (docs/SPEC.md §1.3) b docs/SPEC.md §9", "SPEC.md"),
        [(1, "1.3".to_string()), (1, "9".to_string())]
    );
    let headings = heading_numbers("# Title\n## §1 One\n### §1.2 Two\n## 6. ABI\n### 6.1 x\n## Gaps\n");
    assert_eq!(headings.into_iter().collect::<Vec<_>>(), ["1", "1.2", "6", "6.1"]);
    assert!(has_word("fn foo_bar()", "foo_bar") && !has_word("fn foo_bar2()", "foo_bar"));
    let mut problems = Vec::new();
    check_pointer_line("0", "`src/no_such_file.rs` `x`", &mut problems);
    check_pointer_line("0", "`src/handles.rs` `no_such_name_here`", &mut problems);
    check_pointer_line("0", "`src/handles.rs` `HANDLES`", &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}"); // missing file, its name, missing name
}
