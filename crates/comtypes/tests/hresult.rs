//! Tests of `comtypes::HRESULT`: constants, decoding, Win32 conversion, formatting.

use comtypes::hresult::*;

#[test]
fn success_and_failure() {
    for hr in [
        S_OK,
        S_FALSE,
        NOERROR,
        DRAGDROP_S_DROP,
        MK_S_US,
        CO_S_NOTALLINTERFACES,
    ] {
        assert!(hr.is_ok(), "{hr:?}");
        assert!(!hr.is_err(), "{hr:?}");
        assert_eq!(hr.severity(), SEVERITY_SUCCESS);
    }
    for hr in [
        E_FAIL,
        E_UNEXPECTED,
        DISP_E_EXCEPTION,
        RPC_S_CALLPENDING,
        CONNECT_E_NOCONNECTION,
    ] {
        assert!(hr.is_err(), "{hr:?}");
        assert!(!hr.is_ok(), "{hr:?}");
        assert_eq!(hr.severity(), SEVERITY_ERROR);
    }
}

#[test]
fn constant_values() {
    let cases: &[(HRESULT, u32)] = &[
        (S_OK, 0),
        (S_FALSE, 1),
        (E_NOTIMPL, 0x80004001),
        (E_NOINTERFACE, 0x80004002),
        (E_POINTER, 0x80004003),
        (E_ABORT, 0x80004004),
        (E_FAIL, 0x80004005),
        (E_UNEXPECTED, 0x8000FFFF),
        (E_ACCESSDENIED, 0x80070005),
        (E_HANDLE, 0x80070006),
        (E_OUTOFMEMORY, 0x8007000E),
        (E_INVALIDARG, 0x80070057),
        (E_PENDING, 0x8000000A),
        (DISP_E_UNKNOWNINTERFACE, 0x80020001),
        (DISP_E_MEMBERNOTFOUND, 0x80020003),
        (DISP_E_PARAMNOTFOUND, 0x80020004),
        (DISP_E_TYPEMISMATCH, 0x80020005),
        (DISP_E_UNKNOWNNAME, 0x80020006),
        (DISP_E_EXCEPTION, 0x80020009),
        (DISP_E_BADPARAMCOUNT, 0x8002000E),
        (DISP_E_DIVBYZERO, 0x80020012),
        (TYPE_E_LIBNOTREGISTERED, 0x8002801D),
        (TYPE_E_ELEMENTNOTFOUND, 0x8002802B),
        (TYPE_E_CANTLOADLIBRARY, 0x80029C4A),
        (CLASS_E_NOAGGREGATION, 0x80040110),
        (CLASS_E_CLASSNOTAVAILABLE, 0x80040111),
        (CLASS_E_NOTLICENSED, 0x80040112),
        (REGDB_E_CLASSNOTREG, 0x80040154),
        (REGDB_E_IIDNOTREG, 0x80040155),
        (CO_E_NOTINITIALIZED, 0x800401F0),
        (CO_E_CLASSSTRING, 0x800401F3),
        (CO_E_SERVER_EXEC_FAILURE, 0x80080005),
        (RPC_E_CHANGED_MODE, 0x80010106),
        (RPC_E_WRONG_THREAD, 0x8001010E),
        (RPC_E_DISCONNECTED, 0x80010108),
        (RPC_E_SERVERCALL_RETRYLATER, 0x8001010A),
        (CONNECT_E_NOCONNECTION, 0x80040200),
        (CONNECT_E_ADVISELIMIT, 0x80040201),
        (CONNECT_E_CANNOTCONNECT, 0x80040202),
        (CONNECT_E_OVERRIDDEN, 0x80040203),
        (STG_E_FILENOTFOUND, 0x80030002),
        (STG_E_ACCESSDENIED, 0x80030005),
        (STG_E_INVALIDHEADER, 0x800300FB),
        (OLE_E_NOCONNECTION, 0x80040004),
        (MK_E_UNAVAILABLE, 0x800401E3),
        (MK_E_SYNTAX, 0x800401E4),
        (SELFREG_E_TYPELIB, 0x80040200),
        (SELFREG_E_CLASS, 0x80040201),
    ];
    for &(hr, v) in cases {
        assert_eq!(hr.0 as u32, v, "{hr:?}");
    }
}

#[test]
fn from_win32() {
    assert_eq!(HRESULT_FROM_WIN32(0), S_OK);
    assert_eq!(HRESULT::from_win32(0), S_OK);
    assert_eq!(HRESULT_FROM_WIN32(5), E_ACCESSDENIED);
    assert_eq!(HRESULT_FROM_WIN32(5).0 as u32, 0x80070005);
    assert_eq!(HRESULT_FROM_WIN32(87), E_INVALIDARG);
    assert_eq!(HRESULT_FROM_WIN32(14), E_OUTOFMEMORY);
    assert_eq!(HRESULT_FROM_WIN32(2).0 as u32, 0x80070002);
    // Already an HRESULT (negative): passes through unchanged.
    assert_eq!(HRESULT_FROM_WIN32(0x80004005), E_FAIL);
    assert_eq!(HRESULT_FROM_WIN32(0x80070005), E_ACCESSDENIED);
    // Only the low 16 bits of a positive code are kept, as in the SDK.
    assert_eq!(HRESULT_FROM_WIN32(0x0001_0005).0 as u32, 0x80070005);
    // Usable in const items.
    const HR: HRESULT = HRESULT_FROM_WIN32(1168);
    assert_eq!(HR, E_NOT_SET);
}

#[test]
fn decoding() {
    assert_eq!(E_ACCESSDENIED.facility(), FACILITY_WIN32);
    assert_eq!(E_ACCESSDENIED.code(), 5);
    assert_eq!(E_ACCESSDENIED.to_win32(), Some(5));
    assert_eq!(DISP_E_UNKNOWNNAME.facility(), FACILITY_DISPATCH);
    assert_eq!(DISP_E_UNKNOWNNAME.code(), 6);
    assert_eq!(DISP_E_UNKNOWNNAME.to_win32(), None);
    assert_eq!(RPC_E_CHANGED_MODE.facility(), FACILITY_RPC);
    assert_eq!(RPC_E_CHANGED_MODE.code(), 0x106);
    assert_eq!(STG_E_FILENOTFOUND.facility(), FACILITY_STORAGE);
    assert_eq!(REGDB_E_CLASSNOTREG.facility(), FACILITY_ITF);
    assert_eq!(REGDB_E_CLASSNOTREG.code(), 0x154);
    assert_eq!(E_NOTIMPL.facility(), FACILITY_NULL);
    assert_eq!(E_UNEXPECTED.code(), 0xFFFF);
    assert_eq!(S_FALSE.code(), 1);
    assert_eq!(S_FALSE.facility(), FACILITY_NULL);
    assert_eq!(S_OK.to_win32(), None);
    assert_eq!(
        HRESULT::make(SEVERITY_ERROR, FACILITY_WIN32, 5),
        E_ACCESSDENIED
    );
    assert_eq!(HRESULT::make(SEVERITY_SUCCESS, FACILITY_NULL, 1), S_FALSE);
    assert_eq!(
        HRESULT::make(SEVERITY_ERROR, FACILITY_ITF, 0x200),
        CONNECT_E_NOCONNECTION
    );
}

#[test]
fn names() {
    assert_eq!(S_OK.name(), Some("S_OK"));
    assert_eq!(NOERROR.name(), Some("S_OK"));
    assert_eq!(S_FALSE.name(), Some("S_FALSE"));
    assert_eq!(E_FAIL.name(), Some("E_FAIL"));
    assert_eq!(DISP_E_UNKNOWNNAME.name(), Some("DISP_E_UNKNOWNNAME"));
    assert_eq!(
        TYPE_E_LIBNOTREGISTERED.name(),
        Some("TYPE_E_LIBNOTREGISTERED")
    );
    assert_eq!(REGDB_E_CLASSNOTREG.name(), Some("REGDB_E_CLASSNOTREG"));
    assert_eq!(E_INVALIDARG.name(), Some("E_INVALIDARG"));
    assert_eq!(SELFREG_E_TYPELIB.name(), Some("CONNECT_E_NOCONNECTION"));
    // Win32 errors without an HRESULT name are named after the Win32 error.
    assert_eq!(HRESULT_FROM_WIN32(2).name(), Some("ERROR_FILE_NOT_FOUND"));
    assert_eq!(
        HRESULT_FROM_WIN32(1813).name(),
        Some("ERROR_RESOURCE_TYPE_NOT_FOUND")
    );
    assert_eq!(HRESULT_FROM_WIN32(4321).name(), None);
    assert_eq!(HRESULT(0x8004D00Eu32 as i32).name(), None);
    assert_eq!(HRESULT(0x00000002).name(), None);
}

#[test]
fn debug_and_hex() {
    assert_eq!(
        format!("{:?}", DISP_E_UNKNOWNNAME),
        "HRESULT(0x80020006 DISP_E_UNKNOWNNAME)"
    );
    assert_eq!(format!("{:?}", S_OK), "HRESULT(0x00000000 S_OK)");
    assert_eq!(
        format!("{:?}", HRESULT(0x8004D00Eu32 as i32)),
        "HRESULT(0x8004D00E)"
    );
    assert_eq!(format!("{:x}", HRESULT(0x8004D00Eu32 as i32)), "8004d00e");
    assert_eq!(format!("{:X}", HRESULT(0x8004D00Eu32 as i32)), "8004D00E");
    assert_eq!(format!("{:#x}", E_FAIL), "0x80004005");
    assert_eq!(format!("{:#010x}", S_FALSE), "0x00000001");
    assert_eq!(format!("{:08X}", S_FALSE), "00000001");
}

#[test]
fn display_has_hex_and_name_on_every_os() {
    for (hr, prefix) in [
        (DISP_E_UNKNOWNNAME, "0x80020006 DISP_E_UNKNOWNNAME: "),
        (E_NOINTERFACE, "0x80004002 E_NOINTERFACE: "),
        (REGDB_E_CLASSNOTREG, "0x80040154 REGDB_E_CLASSNOTREG: "),
        (HRESULT(0x8004D00Eu32 as i32), "0x8004D00E: "),
    ] {
        let s = hr.to_string();
        assert!(s.starts_with(prefix), "{s}");
        assert!(s.len() > prefix.len(), "{s}");
        assert!(!s.ends_with('\n') && !s.ends_with('\r'), "{s:?}");
    }
}

#[cfg(not(windows))]
#[test]
fn display_exact_with_builtin_table() {
    let cases = [
        (
            DISP_E_UNKNOWNNAME,
            "0x80020006 DISP_E_UNKNOWNNAME: Unknown name.",
        ),
        (
            DISP_E_MEMBERNOTFOUND,
            "0x80020003 DISP_E_MEMBERNOTFOUND: Member not found.",
        ),
        (
            DISP_E_TYPEMISMATCH,
            "0x80020005 DISP_E_TYPEMISMATCH: Type mismatch.",
        ),
        (
            DISP_E_EXCEPTION,
            "0x80020009 DISP_E_EXCEPTION: Exception occurred.",
        ),
        (
            E_NOINTERFACE,
            "0x80004002 E_NOINTERFACE: No such interface supported.",
        ),
        (E_NOTIMPL, "0x80004001 E_NOTIMPL: Not implemented."),
        (E_FAIL, "0x80004005 E_FAIL: Unspecified error."),
        (
            E_ACCESSDENIED,
            "0x80070005 E_ACCESSDENIED: Access is denied.",
        ),
        (
            E_INVALIDARG,
            "0x80070057 E_INVALIDARG: The parameter is incorrect.",
        ),
        (
            REGDB_E_CLASSNOTREG,
            "0x80040154 REGDB_E_CLASSNOTREG: Class not registered.",
        ),
        (
            CO_E_CLASSSTRING,
            "0x800401F3 CO_E_CLASSSTRING: Invalid class string.",
        ),
        (
            TYPE_E_LIBNOTREGISTERED,
            "0x8002801D TYPE_E_LIBNOTREGISTERED: Library not registered.",
        ),
        (
            RPC_E_CHANGED_MODE,
            "0x80010106 RPC_E_CHANGED_MODE: Cannot change thread mode after it is set.",
        ),
        (
            CONNECT_E_CANNOTCONNECT,
            "0x80040202 CONNECT_E_CANNOTCONNECT: Connection attempt failed.",
        ),
        (
            S_OK,
            "0x00000000 S_OK: The operation completed successfully.",
        ),
        (
            HRESULT_FROM_WIN32(2),
            "0x80070002 ERROR_FILE_NOT_FOUND: The system cannot find the file specified.",
        ),
        (
            HRESULT_FROM_WIN32(4321),
            "0x800710E1: Unknown Win32 error 4321.",
        ),
        (
            HRESULT(0x8004D00Eu32 as i32),
            "0x8004D00E: Unknown error 0x8004D00E.",
        ),
    ];
    for (hr, expected) in cases {
        assert_eq!(hr.to_string(), expected);
    }
}

#[test]
fn messages_are_clean() {
    for hr in [
        S_OK,
        S_FALSE,
        E_FAIL,
        E_UNEXPECTED,
        DISP_E_UNKNOWNNAME,
        STG_E_FILENOTFOUND,
        MK_E_UNAVAILABLE,
    ] {
        let m = hr.message();
        assert!(!m.is_empty(), "{hr:?}");
        assert_eq!(m.trim(), m, "{hr:?}");
    }
}

#[test]
fn ordering_and_default() {
    assert_eq!(HRESULT::default(), S_OK);
    assert!(E_FAIL < S_OK);
    assert!(S_OK < S_FALSE);
}
