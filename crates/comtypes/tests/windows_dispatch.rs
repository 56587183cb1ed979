//! A real automation object no one here wrote, `Scripting.Dictionary` (scrrun.dll), called
//! late-bound through our own `IDispatch` declaration: GetIDsOfNames and Invoke by hand,
//! with raw VARIANTs, DISPPARAMS and EXCEPINFO.
//!
//! Windows only (run by `cargo xtask wine-test` under Wine): on other operating systems
//! this file compiles to nothing.
#![cfg(windows)]

mod windows_common;

use comtypes::hresult::{DISP_E_MEMBERNOTFOUND, DISP_E_UNKNOWNNAME};
use comtypes::variant::VT_EMPTY;
use comtypes::{create_object, Bstr, IDispatch};
use windows_common::{
    dispid, invoke, on_sta, Arg, DISPATCH_METHOD, DISPATCH_PROPERTYGET, DISPATCH_PROPERTYPUT,
    LOCALE_USER_DEFAULT,
};

#[test]
fn scripting_dictionary_through_idispatch_by_hand() {
    on_sta(|| {
        let dict: IDispatch = create_object("Scripting.Dictionary").unwrap();
        let count = |d: &IDispatch| {
            invoke(d, "Count", DISPATCH_PROPERTYGET, vec![])
                .unwrap()
                .as_i4()
                .expect("Count is a VT_I4")
        };
        assert_eq!(count(&dict), 0);

        let added = invoke(
            &dict,
            "Add",
            DISPATCH_METHOD,
            vec![Arg::bstr("one"), Arg::i4(1)],
        )
        .unwrap();
        assert_eq!(added.0.vt, VT_EMPTY, "Add returns nothing");
        invoke(
            &dict,
            "Add",
            DISPATCH_METHOD,
            vec![Arg::bstr("two"), Arg::bstr("zwei")],
        )
        .unwrap();
        invoke(&dict, "Add", DISPATCH_METHOD, vec![Arg::i4(3), Arg::i4(-3)]).unwrap();
        assert_eq!(count(&dict), 3);

        let item = |key: Arg| invoke(&dict, "Item", DISPATCH_PROPERTYGET, vec![key]).unwrap();
        assert_eq!(item(Arg::bstr("one")).as_i4(), Some(1));
        assert_eq!(item(Arg::bstr("two")).as_string().as_deref(), Some("zwei"));
        assert_eq!(item(Arg::i4(3)).as_i4(), Some(-3));
        let exists = |key: &str| {
            invoke(&dict, "Exists", DISPATCH_METHOD, vec![Arg::bstr(key)])
                .unwrap()
                .as_bool()
                .expect("Exists is a VT_BOOL")
        };
        assert!(exists("one"));
        assert!(!exists("One"), "keys compare binary by default");

        // A property put (named argument DISPID_PROPERTYPUT) replaces an item.
        invoke(
            &dict,
            "Item",
            DISPATCH_PROPERTYPUT,
            vec![Arg::bstr("one"), Arg::i4(100)],
        )
        .unwrap();
        assert_eq!(item(Arg::bstr("one")).as_i4(), Some(100));
        invoke(&dict, "Remove", DISPATCH_METHOD, vec![Arg::bstr("two")]).unwrap();
        assert_eq!(count(&dict), 2);
    });
}

#[test]
fn a_duplicate_key_is_an_error_with_the_dictionarys_code() {
    on_sta(|| {
        let dict: IDispatch = create_object("Scripting.Dictionary").unwrap();
        invoke(
            &dict,
            "Add",
            DISPATCH_METHOD,
            vec![Arg::bstr("key"), Arg::i4(1)],
        )
        .unwrap();
        let err = invoke(
            &dict,
            "Add",
            DISPATCH_METHOD,
            vec![Arg::bstr("key"), Arg::i4(2)],
        )
        .unwrap_err();
        eprintln!("duplicate key: {err} / {err:?}");
        assert_eq!(err.code().0 as u32, 0x800A01C9);
        assert_eq!(
            invoke(&dict, "Count", DISPATCH_PROPERTYGET, vec![])
                .unwrap()
                .as_i4(),
            Some(1),
            "the failed Add added nothing"
        );
    });
}

#[test]
fn unknown_names_and_wrong_call_kinds_are_dispatch_errors() {
    on_sta(|| {
        let dict: IDispatch = create_object("Scripting.Dictionary").unwrap();
        let err = dispid(&dict, "Frobnicate").unwrap_err();
        assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
        // Names are case-insensitive, as automation's are.
        assert_eq!(
            dispid(&dict, "count").unwrap(),
            dispid(&dict, "COUNT").unwrap()
        );
        // Count is read-only: putting it is refused.
        let err = invoke(&dict, "Count", DISPATCH_PROPERTYPUT, vec![Arg::i4(5)]).unwrap_err();
        eprintln!("put Count: {err}");
        assert_eq!(err.code(), DISP_E_MEMBERNOTFOUND);
        assert_eq!(dict.GetTypeInfoCount().unwrap(), 1);
        let info = dict.GetTypeInfo(0, LOCALE_USER_DEFAULT).unwrap();
        let mut name = Bstr::default();
        // SAFETY: one writable BSTR; the other outputs are not asked for (null).
        unsafe {
            info.GetDocumentation(
                -1,
                &mut name,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            )
            .unwrap()
        };
        assert_eq!(name, "IDictionary");
    });
}
