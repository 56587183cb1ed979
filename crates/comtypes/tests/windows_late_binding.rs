//! The late-bound client against real automation components no one here wrote: Wine's
//! (or Windows') Scripting.Dictionary, Scripting.FileSystemObject, VBScript.RegExp,
//! MSXML2.DOMDocument.6.0, WScript.Shell and WMI. Run with
//! `cargo xtask wine-test -p comtypes --test windows_late_binding`.
#![cfg(windows)]

use comtypes::hresult::{DISP_E_MEMBERNOTFOUND, DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME};
use comtypes::interfaces::{DISPPARAMS, EXCEPINFO};
use comtypes::variant::VARIANT;
use comtypes::variant::{VT_ARRAY, VT_BSTR, VT_DISPATCH, VT_VARIANT};
use comtypes::{late, Apartment, Dispatch, Result, Variant, HRESULT};
use core::ffi::c_void;

#[link(name = "oleaut32")]
extern "system" {
    fn SafeArrayGetDim(array: *mut c_void) -> u32;
    fn SafeArrayGetLBound(array: *mut c_void, dim: u32, bound: *mut i32) -> HRESULT;
    fn SafeArrayGetUBound(array: *mut c_void, dim: u32, bound: *mut i32) -> HRESULT;
    fn SafeArrayGetElement(array: *mut c_void, index: *const i32, value: *mut c_void) -> HRESULT;
}

/// The elements of a one-dimensional `VT_ARRAY | VT_VARIANT` (copies).
fn variants_of(array: &Variant) -> Vec<Variant> {
    assert_eq!(array.vt(), VT_ARRAY | VT_VARIANT, "{array:?}");
    // SAFETY: a VT_ARRAY VARIANT holds a SAFEARRAY pointer.
    let psa = unsafe { array.as_raw().data.ptr };
    let (mut low, mut high) = (0, -1);
    // SAFETY: a live SAFEARRAY of VARIANTs owned by `array`; each element is copied
    // (SafeArrayGetElement does VariantCopy) into an empty Variant that owns the copy.
    unsafe {
        assert_eq!(SafeArrayGetDim(psa), 1);
        assert!(SafeArrayGetLBound(psa, 1, &mut low).is_ok());
        assert!(SafeArrayGetUBound(psa, 1, &mut high).is_ok());
        (low..=high)
            .map(|i| {
                let mut item = Variant::empty();
                let hr = SafeArrayGetElement(psa, &i, item.as_raw_mut() as *mut _ as *mut c_void);
                assert!(hr.is_ok(), "{hr}");
                item
            })
            .collect()
    }
}

/// `Invoke` called directly (method, positional arguments given last first): its
/// HRESULT and EXCEPINFO, to see what the component itself reports.
fn raw_invoke(object: &Dispatch, name: &str, reversed: &mut [Variant]) -> (HRESULT, EXCEPINFO) {
    let id = object.id_of(name).expect("a known name");
    let mut params = DISPPARAMS {
        rgvarg: reversed.as_mut_ptr() as *mut VARIANT,
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: reversed.len() as u32,
        cNamedArgs: 0,
    };
    let mut result = Variant::empty();
    let mut exception = EXCEPINFO::default();
    let mut arg_error = 0;
    // SAFETY: valid DISPPARAMS over `reversed` (Variant is a transparent VARIANT), and
    // valid result, EXCEPINFO and argument-error pointers, all outliving the call.
    let outcome = unsafe {
        object.as_idispatch().Invoke(
            id,
            &comtypes::Guid::NULL,
            0x0400,
            1,
            &mut params,
            result.as_raw_mut(),
            &mut exception,
            &mut arg_error,
        )
    };
    (outcome.err().map_or(HRESULT(0), |e| e.code()), exception)
}

fn text(v: Result<Variant>) -> String {
    String::try_from(v.expect("the call succeeds")).expect("a string")
}

#[test]
fn dictionary_add_item_exists_keys_enumerate_remove() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let dict = Dispatch::create("Scripting.Dictionary")?;
    dict.call("Add", ("apple", 1))?;
    dict.call("Add", ("banana", 2))?;
    dict.call("add", ("cherry", "three"))?; // any case
    assert_eq!(dict.count()?, 3);
    assert_eq!(i32::try_from(dict.item("banana")?)?, 2);
    assert_eq!(text(dict.call("Item", ("cherry",))), "three");
    assert!(bool::try_from(dict.call("Exists", ("apple",))?)?);
    assert!(!bool::try_from(dict.call("Exists", ("durian",))?)?);

    // Item is the default member and a read/write indexed property.
    dict.put_indexed("Item", ("apple",), 10)?;
    assert_eq!(i32::try_from(dict.invoke_id(0).arg("apple").call()?)?, 10);

    // Keys: an array of VARIANTs.
    let keys = dict.call("Keys", ())?;
    assert_eq!(keys.vt(), VT_ARRAY | VT_VARIANT);
    let keys: Vec<String> = variants_of(&keys)
        .iter()
        .map(String::try_from)
        .collect::<Result<_>>()?;
    assert_eq!(keys, ["apple", "banana", "cherry"]);

    // For Each over a Dictionary gives its keys.
    let enumerated: Vec<String> = dict
        .iter()?
        .map(|k| String::try_from(k?))
        .collect::<Result<_>>()?;
    assert_eq!(enumerated, keys);

    dict.call("Remove", ("banana",))?;
    assert_eq!(dict.count()?, 2);
    assert!(!bool::try_from(dict.call("Exists", ("banana",))?)?);
    Ok(())
}

#[test]
fn dictionary_errors_carry_their_hresults() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let dict = Dispatch::create("Scripting.Dictionary")?;
    dict.call("Add", ("k", 1))?;

    let duplicate = dict.call("Add", ("k", 2)).unwrap_err();
    eprintln!("duplicate key: {duplicate} / {duplicate:?}");
    // CTL_E_KEY_ALREADY_EXISTS? Visual Basic's error 457, "This key is already
    // associated with an element of this collection".
    assert_eq!(
        duplicate.code(),
        HRESULT(0x800A_01C9u32 as i32),
        "{duplicate}"
    );
    assert!(duplicate.to_string().contains("Add"), "{duplicate}");

    // What the component's Invoke reports (through its type library's ITypeInfo::Invoke):
    // DISP_E_EXCEPTION, with the code in EXCEPINFO's scode and no description.
    let (hr, exception) = raw_invoke(&dict, "Add", &mut [Variant::from(2), Variant::from("k")]);
    eprintln!("raw Invoke of a duplicate Add: {hr:?}, EXCEPINFO {exception:?}");
    assert_eq!(hr, comtypes::hresult::DISP_E_EXCEPTION);
    assert_eq!(exception.scode, duplicate.code().0);

    let missing = dict.call("Remove", ("nope",)).unwrap_err();
    eprintln!("missing key: {missing} / {missing:?}");
    assert_eq!(missing.code(), HRESULT(0x800A_802Bu32 as i32), "{missing}");

    let unknown = dict.call("Frobnicate", ()).unwrap_err();
    assert_eq!(unknown.code(), DISP_E_UNKNOWNNAME);
    assert!(unknown.to_string().contains("\"Frobnicate\""), "{unknown}");

    let read_only = dict.put("Count", 5).unwrap_err();
    eprintln!("put Count: {read_only}");
    assert_eq!(read_only.code(), DISP_E_MEMBERNOTFOUND, "{read_only}");
    assert!(read_only.to_string().contains("Count cannot be assigned"));

    let not_an_object = late!(dict.Count.Anything).unwrap_err();
    assert_eq!(not_an_object.code(), DISP_E_TYPEMISMATCH);
    Ok(())
}

#[test]
fn file_system_object_writes_reads_and_lists_files() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let fso = Dispatch::create("Scripting.FileSystemObject")?;
    let temp = text(
        fso.call("GetSpecialFolder", (2,))
            .and_then(|f| f.to_dispatch()?.get("Path")),
    );
    let name = format!("comtypes-late-{}", std::process::id());
    let dir = text(fso.call("BuildPath", (temp.as_str(), name.as_str())));
    if bool::try_from(fso.call("FolderExists", (dir.as_str(),))?)? {
        fso.call("DeleteFolder", (dir.as_str(), true))?;
    }
    let folder = fso.call("CreateFolder", (dir.as_str(),))?.to_dispatch()?;
    assert_eq!(text(folder.get("Name")), name);

    for (file, line) in [("a.txt", "first"), ("b.txt", "second")] {
        let path = text(fso.call("BuildPath", (dir.as_str(), file)));
        let stream = fso
            .call("CreateTextFile", (path.as_str(), true))?
            .to_dispatch()?;
        stream.call("WriteLine", (line,))?;
        stream.call("Write", ("tail",))?;
        stream.call("Close", ())?;
    }
    let a = text(fso.call("BuildPath", (dir.as_str(), "a.txt")));
    // OpenTextFile(path, ForReading = 1)
    let reader = fso.call("OpenTextFile", (a.as_str(), 1))?.to_dispatch()?;
    assert_eq!(text(reader.call("ReadLine", ())), "first");
    assert_eq!(text(reader.call("ReadAll", ())), "tail");
    assert!(bool::try_from(reader.get("AtEndOfStream")?)?);
    reader.call("Close", ())?;

    // The chain of the issue: GetFolder(..).Files, enumerated.
    let files = fso
        .call("GetFolder", (dir.as_str(),))?
        .to_dispatch()?
        .get("Files")?
        .to_dispatch()?;
    assert_eq!(files.count()?, 2);
    let mut names = files
        .iter()?
        .map(|f| String::try_from(f?.to_dispatch()?.get("Name")?))
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    assert_eq!(names, ["a.txt", "b.txt"]);
    assert_eq!(
        i32::try_from(late!(fso.GetFolder(dir.as_str()).Files.Count)?)?,
        2
    );
    let size = i64::try_from(late!(fso.GetFile(a.as_str()).Size)?)?;
    assert_eq!(size, "first\r\ntail".len() as i64);

    let missing = fso
        .call("OpenTextFile", (format!("{dir}\\none.txt"), 1))
        .unwrap_err();
    eprintln!("missing file: {missing} / {missing:?}");
    assert_eq!(missing.code(), HRESULT(0x800A_0035u32 as i32), "{missing}"); // CTL_E_FILENOTFOUND

    fso.call("DeleteFolder", (dir.as_str(), true))?;
    assert!(!bool::try_from(fso.call("FolderExists", (dir.as_str(),))?)?);
    Ok(())
}

/// Wine's ntdll exports `wine_get_version`; Windows' does not.
fn is_wine() -> bool {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetModuleHandleA(name: *const u8) -> *mut c_void;
        fn GetProcAddress(module: *mut c_void, name: *const u8) -> *mut c_void;
    }
    // SAFETY: NUL-terminated names; ntdll is loaded in every process.
    unsafe {
        let ntdll = GetModuleHandleA(b"ntdll.dll\0".as_ptr());
        !ntdll.is_null() && !GetProcAddress(ntdll, b"wine_get_version\0".as_ptr()).is_null()
    }
}

/// The items of a VBScript collection: through `_NewEnum` on Windows; Wine 8's
/// MatchCollection and SubMatches answer `_NewEnum` with E_NOTIMPL, so there they are
/// read by index (Count and Item, from 0).
fn enumerate(collection: &Dispatch) -> Result<Vec<Result<Variant>>> {
    match collection.iter() {
        Ok(items) => Ok(items.collect()),
        Err(e) => {
            assert!(is_wine(), "_NewEnum failed on Windows: {e}");
            assert_eq!(e.code(), comtypes::hresult::E_NOTIMPL, "{e}");
            Ok(collection.items_by_index(0)?.collect())
        }
    }
}

#[test]
fn regexp_global_pattern_execute_matches_and_submatches() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let re = Dispatch::create("VBScript.RegExp")?;
    re.put("Pattern", r"(\w+)@(\w+)\.com")?;
    re.put("Global", true)?;
    assert!(bool::try_from(re.get("Global")?)?);
    assert!(bool::try_from(re.call("Test", ("mail ann@example.com",))?)?);
    let matches = re
        .call("Execute", ("ann@example.com, bob@test.com and nobody",))?
        .to_dispatch()?;
    assert_eq!(matches.count()?, 2);
    let mut found = Vec::new();
    for m in enumerate(&matches)? {
        let m = m?.to_dispatch()?;
        let value = text(m.get("Value"));
        let index = i32::try_from(m.get("FirstIndex")?)?;
        let subs = m.get("SubMatches")?.to_dispatch()?;
        let parts: Vec<String> = enumerate(&subs)?
            .into_iter()
            .map(|s| String::try_from(s?))
            .collect::<Result<_>>()?;
        assert_eq!(subs.count()?, 2);
        assert_eq!(text(subs.item(1)), parts[1]);
        found.push((value, index, parts));
    }
    assert_eq!(
        found,
        [
            (
                "ann@example.com".to_string(),
                0,
                vec!["ann".to_string(), "example".to_string()]
            ),
            (
                "bob@test.com".to_string(),
                17,
                vec!["bob".to_string(), "test".to_string()]
            ),
        ]
    );
    assert_eq!(text(re.call("Replace", ("x@y.com", "$2 at $1"))), "y at x");
    Ok(())
}

#[test]
fn msxml_load_select_iterate_attributes_and_parse_error() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let doc = Dispatch::create("MSXML2.DOMDocument.6.0")?;
    doc.put("async", false)?;
    let loaded = doc.call(
        "loadXML",
        ("<catalog><book id='b1'>Dune</book><book id='b2'>Emma</book></catalog>",),
    )?;
    assert!(bool::try_from(loaded)?);
    let books = doc.call("selectNodes", ("//book",))?.to_dispatch()?;
    assert_eq!(i32::try_from(books.get("length")?)?, 2);
    let mut titles = Vec::new();
    for book in &books {
        let book = book?.to_dispatch()?;
        titles.push((
            text(book.call("getAttribute", ("id",))),
            text(book.get("text")),
        ));
    }
    assert_eq!(
        titles,
        [
            ("b1".to_string(), "Dune".to_string()),
            ("b2".to_string(), "Emma".to_string())
        ]
    );
    let first = doc
        .call("selectSingleNode", ("//book[@id='b2']",))?
        .to_dispatch()?;
    first.call("setAttribute", ("lang", "en"))?;
    assert_eq!(text(first.call("getAttribute", ("lang",))), "en");
    assert!(text(doc.get("xml")).contains(r#"lang="en""#));
    // A missing attribute is VT_NULL.
    assert!(first.call("getAttribute", ("nope",))?.is_null());
    // The root through a chain.
    assert_eq!(text(late!(doc.documentElement.nodeName)), "catalog");

    // Bad XML: loadXML is false and parseError says why.
    assert!(!bool::try_from(
        doc.call("loadXML", ("<open><unclosed></open>",))?
    )?);
    let error = doc.get("parseError")?.to_dispatch()?;
    let code = i32::try_from(error.get("errorCode")?)?;
    let reason = text(error.get("reason"));
    eprintln!("parse error: {code:#x} {reason:?}");
    assert_ne!(code, 0);
    assert!(code < 0, "an HRESULT: {code:#x}");
    assert_eq!(late!(doc.documentElement)?.vt(), VT_DISPATCH);
    Ok(())
}

#[test]
fn wscript_shell_expands_environment_strings() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let shell = Dispatch::create("WScript.Shell")?;
    let expanded = shell.call("ExpandEnvironmentStrings", ("%WINDIR%|%NO_SUCH_VAR_X%",))?;
    assert_eq!(expanded.vt(), VT_BSTR);
    let expanded = String::try_from(expanded)?;
    // Wine 8 leaves a trailing NUL in the string (a known Wine gap).
    let expanded = expanded.trim_end_matches('\0');
    let windir = std::env::var("WINDIR").unwrap_or_default();
    assert_eq!(expanded, format!("{windir}|%NO_SUCH_VAR_X%"));
    Ok(())
}

#[test]
fn wmi_query_of_the_operating_system() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let locator = Dispatch::create("WbemScripting.SWbemLocator")?;
    let services = locator
        .invoke("ConnectServer")
        .arg(".")
        .arg(r"root\cimv2")
        .call()?
        .to_dispatch()?;
    let systems = services
        .call("ExecQuery", ("SELECT * FROM Win32_OperatingSystem",))?
        .to_dispatch()?;
    let mut seen = 0;
    for os in &systems {
        let os = os?.to_dispatch()?;
        let caption = text(os.get("Caption"));
        let version = text(os.get("Version"));
        eprintln!("Win32_OperatingSystem: {caption:?} {version:?}");
        assert!(caption.contains("Windows"), "{caption}");
        assert!(version.split('.').count() >= 2, "{version}");
        seen += 1;
    }
    assert_eq!(seen, 1);
    Ok(())
}

#[test]
fn named_arguments_reach_a_real_component() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let fso = Dispatch::create("Scripting.FileSystemObject")?;
    // GetTempName takes no arguments: a named one is refused with the component's code.
    let refused = fso
        .invoke("GetTempName")
        .named("Nope", 1)
        .call()
        .unwrap_err();
    eprintln!("named arg on GetTempName: {refused}");
    assert_eq!(refused.code(), DISP_E_UNKNOWNNAME, "{refused}");
    // BuildPath(Path, Name) with both named, in the other order.
    let path = fso
        .invoke("BuildPath")
        .named("Name", "file.txt")
        .named("Path", r"C:\dir")
        .call()?;
    assert_eq!(String::try_from(path)?, r"C:\dir\file.txt");
    Ok(())
}
