//! `comtypes show` on the MIDL-built type libraries of shared/testdata/midl.

use std::path::PathBuf;
use std::process::Command;

fn midl(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/midl")
        .join(name)
}

fn show(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_comtypes"))
        .arg("show")
        .args(args)
        .output()
        .expect("run comtypes");
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn idl_of_test_com_server() {
    let f = midl("TestComServer.tlb");
    let (ok, out, _) = show(&[f.to_str().unwrap()]);
    assert!(ok);
    for line in [
        "  uuid(5A3E1D1D-947A-44AC-9B03-5C37D5F5FFFC),",
        "  helpstring(\"TestComServer 1.0 Type library\"),",
        "library TestComServerLib",
        "    importlib(\"stdole2.tlb\");",
        "    struct tagMYCOLOR {",
        "        double green;",
        "    } MYCOLOR;",
        "    interface ITestComServer : IDispatch {",
        "        [id(0x0000000a), propget, helpstring(\"returns the id of the server\")]",
        "                [out, retval] unsigned int* pid);",
        "                [in, optional, defaultvalue(32.78)] CURRENCY* value);",
        "    interface ITestComServerEvents : IUnknown {",
        "    coclass TestComServer {",
        "        [default] interface ITestComServer;",
        "        [default, source] interface ITestComServerEvents;",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing {line:?} in:\n{out}"
        );
    }
}

#[test]
fn idl_of_dispinterfaces_and_duals() {
    let (ok, out, _) = show(&[midl("TestDispServer.tlb").to_str().unwrap()]);
    assert!(ok);
    for line in [
        "    dispinterface DTestDispServer {",
        "        properties:",
        "        [id(0x0000000a), readonly, helpstring(\"the id of the server\")] unsigned int id;",
        "        methods:",
        "        VARIANT eval(",
        "        [default] dispinterface DTestDispServer;",
        "        [default, source] dispinterface DTestDispServerEvents;",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing {line:?} in:\n{out}"
        );
    }
    let (ok, out, _) = show(&[midl("mylib.tlb").to_str().unwrap()]);
    assert!(ok);
    for line in [
        "      dual,",
        "    interface IMyInterface : IDispatch {",
        "        [id(0x00000064), propget]",
        "                [in] SAFEARRAY(VARIANT*) foo);",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing {line:?} in:\n{out}"
        );
    }
}

#[test]
fn json_has_the_types_array() {
    let (ok, out, _) = show(&[midl("TestComServer.tlb").to_str().unwrap(), "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["name"], "TestComServerLib");
    assert_eq!(v["guid"], "{5A3E1D1D-947A-44AC-9B03-5C37D5F5FFFC}");
    let types = v["types"].as_array().unwrap();
    assert_eq!(types.len(), 4);
    let srv = types
        .iter()
        .find(|t| t["name"] == "ITestComServer")
        .unwrap();
    assert_eq!(srv["kind"], "Interface");
    let funcs = srv["funcs"].as_array().unwrap();
    assert_eq!(funcs.len(), 10);
    let do_cy = funcs.iter().find(|f| f["name"] == "do_cy").unwrap();
    assert_eq!(do_cy["params"][0]["default"]["vt"], "Cy");
    assert_eq!(do_cy["params"][0]["default"]["value"], 327800);
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let (ok, out, err) = show(&["/nonexistent/file.tlb"]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(
        err.starts_with("comtypes: cannot read /nonexistent/file.tlb"),
        "{err}"
    );

    let idl = midl("mylib.idl");
    let (ok, _, err) = show(&[idl.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("not a type library"), "{err}");

    let (ok, _, err) = show(&[midl("mylib.tlb").to_str().unwrap(), "--index"]);
    assert!(!ok);
    assert!(!err.is_empty());
}

#[test]
fn index_picks_the_resource() {
    let dll = PathBuf::from("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/hnetcfg.dll");
    if !dll.exists() {
        assert!(
            std::env::var("COMTYPES_REQUIRE_WINE").as_deref() != Ok("1"),
            "index_picks_the_resource: {} is missing and COMTYPES_REQUIRE_WINE=1: install Debian's libwine package",
            dll.display()
        );
        eprintln!("SKIPPED index_picks_the_resource: libwine not installed");
        return;
    }
    let (ok, out, _) = show(&[dll.to_str().unwrap(), "--index", "2"]);
    assert!(ok);
    assert!(out.contains("library NATUPNPLib"));
    let (ok, out, _) = show(&[dll.to_str().unwrap()]);
    assert!(ok);
    assert!(out.contains("library NetFwPublicTypeLib"));
    let (ok, _, err) = show(&[dll.to_str().unwrap(), "--index", "9"]);
    assert!(!ok);
    assert!(err.contains("no TYPELIB resource with id 9"), "{err}");
}
