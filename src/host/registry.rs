//! OMI's provider registration, read unchanged: a folder with one subfolder per namespace
//! (the namespace with `/` written as `-`: `root-cimv2` is `root/cimv2`), each holding
//! `.reg` files as OMI's `omireg` writes them. Pure: parsing here, the folder walk in
//! [`scan`].
//!
//! A `.reg` file is `KEY=VALUE` lines; `#` starts a comment line; blank lines are skipped.
//! Keys (as OMI's `provreg/regfile.c` reads them):
//! * `LIBRARY=NAME` (once): the provider library `libNAME.so` in the provider folder;
//! * `CLASS=Name[:Parent[:Grandparent...]]`, or for an association
//!   `CLASS=Assoc[:Parents]{RefAncestry,RefAncestry}`: a class the library serves;
//! * `EXTRACLASS=...`: a class of the library's schema it does not serve (embedded
//!   instances, errors): known for GetClass only;
//! * `INDICATIONCLASS=Name[:Parents]`: an indication class it serves (no references);
//! * `HOSTING`, `INSTANCELIFETIME`, `PREEXEC`, `INTERPRETER`, `STARTUP`: accepted (hosting
//!   is always in-process here). Other keys are ignored, as OMI does.
//!
//! A line without `=`, a malformed class value, a second `LIBRARY` or none at all makes the
//! file an error naming file and line; the other files still load.

use std::fmt;
use std::path::{Path, PathBuf};

/// Longest `.reg` file read (OMI's files are a few hundred bytes).
pub(crate) const MAX_REG_FILE: u64 = 1 << 20;
/// Most `.reg` files read from one namespace folder, and most namespace folders.
pub(crate) const MAX_ENTRIES: usize = 4096;

/// What a `CLASS=`-like line declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegClass {
    /// The class, then its ancestors, nearest first.
    pub(crate) ancestry: Vec<String>,
    /// For an association: the ancestries of its two reference classes.
    pub(crate) refs: Option<(Vec<String>, Vec<String>)>,
    pub(crate) line: usize,
}

impl RegClass {
    pub(crate) fn name(&self) -> &str {
        &self.ancestry[0]
    }
}

/// One `.reg` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegFile {
    pub(crate) path: PathBuf,
    pub(crate) library: String,
    pub(crate) classes: Vec<RegClass>,
    pub(crate) extra: Vec<RegClass>,
    pub(crate) indications: Vec<RegClass>,
}

impl RegFile {
    /// Every class the file names as served (instance, association and indication classes).
    pub(crate) fn served(&self) -> impl Iterator<Item = &RegClass> {
        self.classes.iter().chain(&self.indications)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegError {
    pub(crate) path: PathBuf,
    /// 0: the file as a whole (unreadable, no `LIBRARY`).
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl fmt::Display for RegError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

/// The namespace a registration subfolder stands for.
pub(crate) fn namespace_of_folder(name: &str) -> String {
    name.replace('-', "/")
}

/// A class name as OMI's registration accepts it: letters, digits and `_`, not starting
/// with a digit.
fn is_class_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn ancestry(s: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = s.split(':').map(|p| p.trim().to_owned()).collect();
    match parts.iter().find(|p| !is_class_name(p)) {
        Some(bad) => Err(format!("{bad:?} is not a class name (in {s:?})")),
        None => Ok(parts),
    }
}

fn class_value(value: &str, line: usize) -> Result<RegClass, String> {
    let (head, refs) = match value.split_once('{') {
        None => (value, None),
        Some((head, rest)) => {
            let inner = rest
                .strip_suffix('}')
                .ok_or_else(|| format!("association value {value:?} does not end with '}}'"))?;
            let (a, b) = inner
                .split_once(',')
                .ok_or_else(|| format!("association value {value:?} needs two reference classes"))?;
            (head, Some((ancestry(a)?, ancestry(b)?)))
        }
    };
    Ok(RegClass {
        ancestry: ancestry(head.trim())?,
        refs,
        line,
    })
}

/// Parses the text of the `.reg` file at `path`.
pub(crate) fn parse(text: &str, path: &Path) -> Result<RegFile, RegError> {
    let fail = |line: usize, message: String| RegError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut library: Option<String> = None;
    let mut file = RegFile {
        path: path.to_path_buf(),
        library: String::new(),
        classes: Vec::new(),
        extra: Vec::new(),
        indications: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(fail(n, format!("expected KEY=VALUE, found {line:?}")));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "LIBRARY" => {
                if library.is_some() {
                    return Err(fail(n, "a second LIBRARY line".into()));
                }
                if value.is_empty() || value.contains('/') || value.contains('\\') {
                    return Err(fail(
                        n,
                        format!("LIBRARY needs a plain library name, found {value:?}"),
                    ));
                }
                library = Some(value.to_owned());
            }
            "CLASS" | "EXTRACLASS" | "INDICATIONCLASS" => {
                let class = class_value(value, n).map_err(|m| fail(n, m))?;
                match key {
                    "CLASS" => file.classes.push(class),
                    "EXTRACLASS" => file.extra.push(class),
                    _ if class.refs.is_some() => {
                        return Err(fail(
                            n,
                            "an indication class cannot have reference classes".into(),
                        ));
                    }
                    _ => file.indications.push(class),
                }
            }
            "HOSTING" | "INSTANCELIFETIME" | "PREEXEC" | "INTERPRETER" | "STARTUP" => {}
            _ => log::warn!("{}:{n}: unknown key {key:?} ignored", path.display()),
        }
    }
    file.library = library.ok_or_else(|| fail(0, "no LIBRARY line".into()))?;
    Ok(file)
}

/// Every namespace folder of the registration folder `root` and its `.reg` files, read;
/// the files that could not be read or parsed come back as errors (the others still count).
/// A missing `root` is no registration at all (no error).
pub(crate) fn scan(root: &Path) -> (Vec<(String, RegFile)>, Vec<RegError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let Ok(dirs) = std::fs::read_dir(root) else {
        return (files, errors);
    };
    let mut dirs: Vec<_> = dirs.flatten().take(MAX_ENTRIES).collect();
    dirs.sort_by_key(|d| d.file_name());
    for dir in dirs {
        let Some(ns_folder) = dir.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if !dir.path().is_dir() {
            continue;
        }
        let namespace = namespace_of_folder(&ns_folder);
        let Ok(entries) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().take(MAX_ENTRIES).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            if path.extension().is_none_or(|x| x != "reg") {
                continue;
            }
            match read_bounded(&path) {
                Ok(text) => match parse(&text, &path) {
                    Ok(f) => files.push((namespace.clone(), f)),
                    Err(err) => errors.push(err),
                },
                Err(message) => errors.push(RegError {
                    path: path.clone(),
                    line: 0,
                    message,
                }),
            }
        }
    }
    (files, errors)
}

fn read_bounded(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut text = String::new();
    f.take(MAX_REG_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read as UTF-8 text: {e}"))?;
    if text.len() as u64 > MAX_REG_FILE {
        return Err(format!("larger than {MAX_REG_FILE} bytes"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<RegFile, RegError> {
        parse(text, Path::new("/r/root-cimv2/X.reg"))
    }

    #[test]
    fn omireg_output_parses() {
        let f = p("# omireg libPersonProvider.so\nLIBRARY=PersonProvider\nINDICATIONCLASS=MSFT_Alert\n\
                   CLASS=MSFT_Friends{MSFT_Person:MSFT_Animal:MSFT_Base,MSFT_Person:MSFT_Animal:MSFT_Base}\n\
                   CLASS=MSFT_Person:MSFT_Animal:MSFT_Base\nEXTRACLASS=My_CIM_Error:CIM_Error\nHOSTING=@requestor@\n")
        .unwrap();
        assert_eq!(f.library, "PersonProvider");
        assert_eq!(f.indications[0].ancestry, ["MSFT_Alert"]);
        assert_eq!(f.classes[0].name(), "MSFT_Friends");
        let (a, b) = f.classes[0].refs.as_ref().unwrap();
        assert_eq!(a, &["MSFT_Person", "MSFT_Animal", "MSFT_Base"]);
        assert_eq!(a, b);
        assert_eq!(f.classes[1].ancestry, ["MSFT_Person", "MSFT_Animal", "MSFT_Base"]);
        assert_eq!(f.classes[1].line, 5);
        assert_eq!(f.extra[0].ancestry, ["My_CIM_Error", "CIM_Error"]);
        assert_eq!(f.served().count(), 3);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        for (text, line, needle) in [
            ("LIBRARY=A\nCLASS X\n", 2, "KEY=VALUE"),
            ("LIBRARY=A\nLIBRARY=B\n", 2, "second LIBRARY"),
            ("CLASS=A\n", 0, "no LIBRARY"),
            ("LIBRARY=A\nCLASS=A{B,C\n", 2, "does not end"),
            ("LIBRARY=A\nCLASS=A{B}\n", 2, "two reference"),
            ("LIBRARY=A\nCLASS=9A\n", 2, "not a class name"),
            ("LIBRARY=A\nCLASS=A::B\n", 2, "not a class name"),
            ("LIBRARY=A\nINDICATIONCLASS=A{B,C}\n", 2, "cannot have reference"),
            ("LIBRARY=../evil\n", 1, "plain library name"),
            ("LIBRARY=\n", 1, "plain library name"),
        ] {
            let e = p(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(needle), "{text:?}: {e}");
            assert!(e.to_string().starts_with("/r/root-cimv2/X.reg"), "{e}");
        }
    }

    #[test]
    fn comments_blanks_and_unknown_keys() {
        let f = p("  # c\n\n LIBRARY = A \nFUTURE=1\nCLASS= B : C \n").unwrap();
        assert_eq!(f.library, "A");
        assert_eq!(f.classes[0].ancestry, ["B", "C"]);
    }

    #[test]
    fn folder_names_are_namespaces() {
        assert_eq!(namespace_of_folder("root-cimv2"), "root/cimv2");
        assert_eq!(namespace_of_folder("interop"), "interop");
    }

    #[test]
    fn scan_reads_good_files_and_reports_bad_ones() {
        let dir = std::env::temp_dir().join(format!("mi-reg-{}", std::process::id()));
        let ns = dir.join("root-sample");
        std::fs::create_dir_all(&ns).unwrap();
        std::fs::write(ns.join("good.reg"), "LIBRARY=Good\nCLASS=G_One\n").unwrap();
        std::fs::write(ns.join("bad.reg"), "LIBRARY=Bad\nCLASS\n").unwrap();
        std::fs::write(ns.join("notes.txt"), "ignored").unwrap();
        let (files, errors) = scan(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "root/sample");
        assert_eq!(files[0].1.library, "Good");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(scan(Path::new("/nonexistent/mi-reg")).0.is_empty());
    }
}
