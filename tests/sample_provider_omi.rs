//! The sample provider (providers/sample, libMIRS_Sample.so) hosted by a real peer: OMI's
//! own omiserver from the omi-ref kit (`../shared/omi`, see its README). The test builds
//! the provider with ci/build-sample-provider.sh, registers it under a namespace and
//! library name of its own (so it cannot disturb a root/sample installation or another
//! run), drives it with OMI's omicli over the unix socket and removes what it installed.
//!
//! It skips, printing one line, when the kit is absent or the test does not run as root
//! (with-omiserver needs root). Runs are serialised by a lock of their own (flock on
//! /run/mirs-sample-omi.lock); with-omiserver serialises the server itself.

mod common;

use common::{is_root, omi_kit as kit};

use std::path::Path;
use std::process::Command;

/// The output of the script's section `name` (from its "== name" line to the next).
fn section<'a>(output: &'a str, name: &str) -> &'a str {
    let marker = format!("== {name}\n");
    let start = output
        .find(&marker)
        .unwrap_or_else(|| panic!("section {name} missing from:\n{output}"))
        + marker.len();
    let rest = &output[start..];
    &rest[..rest.find("\n== ").map_or(rest.len(), |end| end + 1)]
}

fn assert_has(output: &str, name: &str, wanted: &[&str]) {
    let text = section(output, name);
    for want in wanted {
        assert!(text.contains(want), "{name}: {want:?} missing from:\n{text}");
    }
}

#[test]
fn omiserver_hosts_the_sample_provider() {
    let Some(kit) = kit() else {
        println!("skipped: the omi-ref kit (/work/shared/omi or ../shared/omi) is absent");
        return;
    };
    if !is_root() {
        println!("skipped: with-omiserver needs root");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let id = std::process::id();
    let out_dir = std::env::temp_dir().join(format!("mirs-sample-omi-{id}"));
    let build = Command::new(repo.join("ci/build-sample-provider.sh"))
        .arg(&out_dir)
        .output()
        .expect("run ci/build-sample-provider.sh");
    assert!(
        build.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // A library and namespace of this run's own; the .reg is the checked-in one with
    // LIBRARY renamed.
    let lib = format!("MIRS_SampleTest{id}");
    let ns = format!("mirstest{id}");
    let reg = std::fs::read_to_string(repo.join("providers/sample/register/root-sample/MIRS_Sample.reg"))
        .expect("read MIRS_Sample.reg")
        .replace("LIBRARY=MIRS_Sample", &format!("LIBRARY={lib}"));
    assert!(
        reg.contains(&format!("LIBRARY={lib}\n")),
        "unexpected .reg:\n{reg}"
    );
    std::fs::write(out_dir.join("test.reg"), reg).expect("write test.reg");

    let with = kit.join("with-omiserver");
    let script = format!(
        r#"set -u
W='{with}'
LIB=/opt/omi-ref/lib/lib{lib}.so
REGDIR=/opt/omi-ref/etc/omiregister/{ns}
cleanup() {{ rm -f "$LIB"; rm -rf "$REGDIR"; }}
trap cleanup EXIT
# First run: lets with-omiserver unpack the kit if it must, before files go in.
"$W" true >/dev/null 2>&1 || {{ echo "with-omiserver failed"; exit 1; }}
cp '{out}/libMIRS_Sample.so' "$LIB" && mkdir -p "$REGDIR" && cp '{out}/test.reg' "$REGDIR/{lib}.reg" || exit 1
"$W" sh -c '
C="$OMI_CLI"
t() {{ name=$1; shift; echo "== $name"; timeout 20 "$@" 2>&1; echo "rc=$?"; }}
t os $C ei {ns} MIRS_OperatingSystem
t uname uname -r
t proc1 $C gi {ns} {{ MIRS_Process Handle 1 }}
t nosuch $C gi {ns} {{ MIRS_Process Handle 999999999 }}
t signal $C iv {ns} {{ MIRS_Process Handle 1 }} Signal {{ Number 0 }}
t count $C iv {ns} {{ MIRS_Process }} Count
t lo $C gi {ns} {{ MIRS_NetworkInterface Name lo }}
t mount $C gi {ns} {{ MIRS_Mount MountPoint /proc }}
t create $C ci {ns} {{ MIRS_Note Name t1 Text hello }}
t again $C ci {ns} {{ MIRS_Note Name t1 Text again }}
t modify $C mi {ns} {{ MIRS_Note Name t1 Text changed }}
t get $C gi {ns} {{ MIRS_Note Name t1 }}
t delete $C di {ns} {{ MIRS_Note Name t1 }}
t gone $C gi {ns} {{ MIRS_Note Name t1 }}
t refs $C r {ns} {{ MIRS_Process Handle 1 }}
t children $C a {ns} {{ MIRS_Process Handle 1 }} -r Parent
t sub timeout 3 stdbuf -oL $C sub {ns} --querylang WQL --queryexpr "select * from MIRS_Heartbeat"
echo "== end"
'
"#,
        with = with.display(),
        out = out_dir.display(),
    );
    // cargo puts its target directories (which hold our libmi.so) on LD_LIBRARY_PATH;
    // omicli must load OMI's own libmi.so, so the variable goes.
    let run = Command::new("timeout")
        .env_remove("LD_LIBRARY_PATH")
        .args(["90", "flock", "/run/mirs-sample-omi.lock", "sh", "-c", &script])
        .output()
        .expect("run the omicli script");
    let _ = std::fs::remove_dir_all(&out_dir);
    let output = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success() && output.contains("== end"),
        "script failed ({:?}):\n{output}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );

    let release = section(&output, "uname")
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_has(
        &output,
        "os",
        &[
            "instance of MIRS_OperatingSystem",
            &format!("KernelRelease={release}"),
            "LoadAverage={",
        ],
    );
    assert_has(
        &output,
        "proc1",
        &["[Key] Handle=1", "ProcessId=1", "CommandLine={"],
    );
    assert_has(&output, "nosuch", &["MI_RESULT_NOT_FOUND"]);
    assert_has(&output, "signal", &["instance of Signal", "ReturnValue=0"]);
    assert_has(
        &output,
        "count",
        &["instance of Count", "ReturnValue=0", "Total="],
    );
    assert_has(&output, "lo", &["[Key] Name=lo", "MTU=", "ReceivedBytes="]);
    assert_has(
        &output,
        "mount",
        &["[Key] MountPoint=/proc", "FileSystemType=proc"],
    );
    assert_has(
        &output,
        "create",
        &["instance of MIRS_Note", "Text=hello", "Created="],
    );
    assert_has(&output, "again", &["MI_RESULT_ALREADY_EXISTS"]);
    assert_has(&output, "modify", &["Text=changed"]);
    assert_has(&output, "get", &["[Key] Name=t1", "Text=changed"]);
    assert!(
        !section(&output, "delete").contains("MI_RESULT"),
        "delete:\n{output}"
    );
    assert_has(&output, "gone", &["MI_RESULT_NOT_FOUND"]);
    assert_has(
        &output,
        "refs",
        &["instance of MIRS_ProcessParent", "[Key] Handle=1"],
    );
    assert_has(
        &output,
        "children",
        &["instance of MIRS_Process", "ParentProcessId=1"],
    );
    assert_has(
        &output,
        "sub",
        &["instance of MIRS_Heartbeat", "Sequence=1", "Sequence=2"],
    );
}
