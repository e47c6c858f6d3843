//! OMI's own compiled sample providers, registered by OMI's `.reg` files, served in-process
//! by this library's provider host, and OMI's own `omicli` running on this library against
//! them (no server). Needs the omi-ref kit unpacked at `/opt/omi-ref` (its `with-omiserver`
//! script unpacks it); skipped with one line when it is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

mod common;
use common::lib_dir;

const KIT: &str = "/opt/omi-ref";

fn kit() -> Option<PathBuf> {
    let kit = Path::new(KIT);
    (kit.join("refclient/bin/omicli").exists() && kit.join("etc/omiregister").is_dir())
        .then(|| kit.to_path_buf())
}

/// Runs OMI's omicli on our libmi.so with the host pointed at OMI's registrations. Output
/// goes to files (a pipe could fill while we wait), with a 30 s limit.
fn omicli(kit: &Path, conf: &Path, args: &[&str]) -> Output {
    let dir = conf.parent().expect("config folder");
    let (out_path, err_path) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = Command::new(kit.join("refclient/bin/omicli"))
        .args(args)
        // LD_LIBRARY_PATH wins over omicli's RUNPATH (which names OMI's own libmi.so).
        .env("LD_LIBRARY_PATH", lib_dir())
        .env("MI_CONFIG", conf)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start omicli");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("omicli {args:?} did not finish in 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: std::fs::read(&out_path).expect("read stdout"),
        stderr: std::fs::read(&err_path).expect("read stderr"),
    }
}

#[test]
fn omicli_on_this_library_serves_omi_providers_in_process() {
    let Some(kit) = kit() else {
        println!(
            "skipped: OMI's kit is not unpacked at {KIT} (run ../shared/omi/with-omiserver true as root)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("mi-omi-providers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let conf = dir.join("omi.conf");
    std::fs::write(
        &conf,
        format!(
            "providerregistrationdir = {k}/etc/omiregister\nproviderdir = {k}/lib\n",
            k = kit.display()
        ),
    )
    .unwrap();
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();

    // A C provider enumerated: every instance printed by OMI's own Instance_Print, which
    // reads the instances through OMI's internal layout.
    let o = omicli(&kit, &conf, &["ei", "root/cimv2", "XYZ_Number"]);
    assert!(o.status.success(), "{o:?}");
    let out = text(&o);
    assert!(out.contains("instance of root/cimv2:XYZ_Number"), "{out}");
    assert!(out.contains("[Key] Number=1\n"), "{out}");

    // Get with a key that omicli sends as a string: converted to the provider's uint32.
    let o = omicli(
        &kit,
        &conf,
        &["gi", "root/cimv2", "{", "MSFT_President", "Key", "1", "}"],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(text(&o).contains("First=George"), "{}", text(&o));

    // Create, then a method with real32 parameters and an out-parameter.
    let o = omicli(
        &kit,
        &conf,
        &[
            "ci",
            "root/cimv2",
            "{",
            "MSFT_Person",
            "Key",
            "1",
            "First",
            "Ada",
            "Last",
            "Lovelace",
            "}",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    assert!(text(&o).contains("First=Ada"), "{}", text(&o));
    let o = omicli(
        &kit,
        &conf,
        &[
            "iv",
            "root/cimv2",
            "{",
            "MSFT_Person",
            "Key",
            "1",
            "}",
            "Add",
            "{",
            "X",
            "1.5",
            "Y",
            "2.25",
            "}",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let out = text(&o);
    assert!(out.contains("ReturnValue=100") && out.contains("Z=3.75"), "{out}");

    // Every DMTF type through a provider's generated struct.
    let o = omicli(&kit, &conf, &["ei", "root/omi", "TestClass_AllDMTFTypes"]);
    assert!(o.status.success(), "{o:?}");
    let out = text(&o);
    assert!(
        out.contains("v_sint64=-4294967295") && out.contains("v_Real64=0.014234"),
        "{out}"
    );

    // A C++ provider (OMI's micxx wrapper builds its instances itself, with no function
    // table): read through its declaration.
    let o = omicli(&kit, &conf, &["ei", "root/cimv2", "X_SmallNumber"]);
    assert!(o.status.success(), "{o:?}");
    let out = text(&o);
    assert!(
        out.contains("[Key] Number=2") && out.contains("SpelledNumber=two"),
        "{out}"
    );
    let o = omicli(
        &kit,
        &conf,
        &["gi", "root/cimv2", "{", "X_SmallNumber", "Number", "7", "}"],
    );
    assert!(text(&o).contains("SpelledNumber=seven"), "{o:?}");

    // An unknown class: OMI's answer, and omicli's exit code is the result.
    let o = omicli(&kit, &conf, &["ei", "root/cimv2", "No_Such_Class"]);
    assert_eq!(o.status.code(), Some(5), "{o:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
