//! The library's Windows paths against the real system: message texts from FormatMessageW,
//! ProgIDs from the registry, system classes from CoCreateInstance, apartments as ole32
//! sees them, Rust classes found by ole32's class table, IErrorInfo through oleaut32's
//! own error objects, and the running object table.
//!
//! Windows only (run by `cargo xtask wine-test` under Wine's real ole32/oleaut32): on other
//! operating systems this file compiles to nothing. Where a test checks our answer, it
//! asks the system the same question through its own `extern "system"` declaration.
#![cfg(windows)]

use comtypes::hresult::{
    CO_E_CLASSSTRING, CO_E_NOTINITIALIZED, E_ACCESSDENIED, E_INVALIDARG, E_NOINTERFACE,
    E_OUTOFMEMORY, E_UNEXPECTED, MK_E_UNAVAILABLE, REGDB_E_CLASSNOTREG, S_FALSE, S_OK,
};
use comtypes::interfaces::{IClassFactory, ICreateErrorInfo, IErrorInfo, IPersistFile};
use comtypes::{
    clsid_from_progid, create_instance, create_object, get_active_object, get_class_object,
    implement, interface, register_active_object, register_class_fn, Apartment, ClassContext,
    Error, ErrorDetail, Guid, IDispatch, IUnknown, Interface, Result, HRESULT,
};
use core::ffi::c_void;

#[link(name = "kernel32")]
extern "system" {
    fn FormatMessageW(
        flags: u32,
        source: *const c_void,
        message_id: u32,
        language_id: u32,
        buffer: *mut u16,
        size: u32,
        arguments: *mut c_void,
    ) -> u32;
}

#[link(name = "ole32")]
extern "system" {
    fn CLSIDFromProgID(progid: *const u16, clsid: *mut Guid) -> HRESULT;
    fn CoCreateInstance(
        clsid: *const Guid,
        outer: *mut c_void,
        context: u32,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    fn CoGetApartmentType(kind: *mut i32, qualifier: *mut i32) -> HRESULT;
}

#[link(name = "oleaut32")]
extern "system" {
    fn GetErrorInfo(reserved: u32, info: *mut *mut c_void) -> HRESULT;
}

const CLSID_DICTIONARY: Guid = Guid::from_u128(0xEE09B103_97E0_11CF_978F_00A02463E06F);
const CLSID_SHELL_LINK: Guid = Guid::from_u128(0x00021401_0000_0000_C000_000000000046);
const CLSID_DOM_DOCUMENT60: Guid = Guid::from_u128(0x88D96A05_F192_11D4_A65F_0040963251E5);

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// Runs `f` on a thread of its own, so that apartments never leak between tests.
fn on_new_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::spawn(f)
        .join()
        .expect("the test thread panicked");
}

/// FormatMessageW's own text for `code`, trimmed, asked directly.
fn system_text(code: HRESULT) -> Option<String> {
    let mut buffer = [0u16; 512];
    // SAFETY: the buffer and its length in characters match; no inserts are read.
    let len = unsafe {
        FormatMessageW(
            0x1000 | 0x200, // FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS
            core::ptr::null(),
            code.0 as u32,
            0,
            buffer.as_mut_ptr(),
            buffer.len() as u32,
            core::ptr::null_mut(),
        )
    };
    let text = String::from_utf16_lossy(&buffer[..len as usize]);
    let text = text.trim_end();
    (!text.is_empty()).then(|| text.to_owned())
}

#[test]
fn messages_are_the_systems_format_message_text() {
    for code in [
        E_ACCESSDENIED,
        E_OUTOFMEMORY,
        E_INVALIDARG,
        HRESULT::from_win32(2),
    ] {
        let system = system_text(code).unwrap_or_else(|| panic!("no system text for {code:?}"));
        eprintln!("{code:?}: {system:?}");
        assert_eq!(code.message(), system, "{code:?}");
        assert!(!system.ends_with('\n') && !system.ends_with('\r'));
    }
    let access_denied = system_text(E_ACCESSDENIED).unwrap();
    assert_eq!(
        Error::from(E_ACCESSDENIED).to_string(),
        format!("0x80070005 E_ACCESSDENIED: {access_denied}")
    );
    // A code the system has no text for falls back to the built-in wording.
    let unknown = HRESULT(0x8004D00Eu32 as i32);
    assert_eq!(system_text(unknown), None);
    assert_eq!(unknown.message(), "Unknown error 0x8004D00E.");
}

#[test]
fn progids_are_read_from_the_registry() {
    on_new_thread(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        assert_eq!(
            clsid_from_progid("Scripting.Dictionary").unwrap(),
            CLSID_DICTIONARY
        );
        assert_eq!(
            clsid_from_progid("scripting.dictionary").unwrap(),
            CLSID_DICTIONARY,
            "the registry's ProgIDs are case-insensitive too"
        );
        assert_eq!(
            clsid_from_progid("MSXML2.DOMDocument.6.0").unwrap(),
            CLSID_DOM_DOCUMENT60
        );
        // The same answer as ole32 gives when asked directly.
        let mut direct = Guid::NULL;
        // SAFETY: a NUL-terminated name and a writable GUID.
        let hr = unsafe { CLSIDFromProgID(wide("Scripting.Dictionary").as_ptr(), &mut direct) };
        assert_eq!((hr, direct), (S_OK, CLSID_DICTIONARY));

        let err = clsid_from_progid("Comtypes.No.Such.Class").unwrap_err();
        assert_eq!(err.code(), CO_E_CLASSSTRING);
        assert_eq!(err.code().0 as u32, 0x800401F3);
        assert!(err.to_string().contains("Comtypes.No.Such.Class"), "{err}");
        // SAFETY: as above.
        let hr = unsafe { CLSIDFromProgID(wide("Comtypes.No.Such.Class").as_ptr(), &mut direct) };
        assert_eq!(hr, CO_E_CLASSSTRING);
    });
}

#[test]
fn system_classes_are_created_by_co_create_instance() {
    on_new_thread(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        let by_progid: IDispatch = create_object("Scripting.Dictionary").unwrap();
        assert_eq!(by_progid.GetTypeInfoCount().unwrap(), 1);
        let by_clsid: IUnknown =
            create_instance(&CLSID_DICTIONARY, ClassContext::INPROC_SERVER).unwrap();
        assert!(!by_clsid.is_same_object(by_progid.as_unknown()));
        by_clsid.cast::<IDispatch>().unwrap();

        let link: IPersistFile =
            create_instance(&CLSID_SHELL_LINK, ClassContext::INPROC_SERVER).unwrap();
        assert_eq!(link.GetClassID().unwrap(), CLSID_SHELL_LINK);

        // An interface the class lacks, and a class nobody registered. (Not asked of the
        // dictionary: Wine 8's scrrun factory ignores the IID and answers S_OK with its
        // IDictionary whatever was asked for.)
        let err = create_instance::<IDispatch>(&CLSID_SHELL_LINK, ClassContext::ALL).unwrap_err();
        assert_eq!(err.code(), E_NOINTERFACE);
        assert!(by_clsid.cast::<IPersistFile>().is_err());
        let nobody = Guid::new().unwrap();
        let err = create_instance::<IUnknown>(&nobody, ClassContext::ALL).unwrap_err();
        assert_eq!(err.code(), REGDB_E_CLASSNOTREG);
        assert!(err.to_string().contains(&nobody.to_string()), "{err}");
    });
}

/// What ole32 says about the calling thread: `APTTYPE` (0 STA, 1 MTA, 3 main STA) or the
/// failure.
fn ole32_apartment_type() -> core::result::Result<i32, HRESULT> {
    let (mut kind, mut qualifier) = (-1, -1);
    // SAFETY: two writable integers.
    let hr = unsafe { CoGetApartmentType(&mut kind, &mut qualifier) };
    if hr.is_err() {
        Err(hr)
    } else {
        Ok(kind)
    }
}

#[test]
fn apartment_guards_are_what_ole32_reports() {
    on_new_thread(|| {
        assert_eq!(ole32_apartment_type(), Err(CO_E_NOTINITIALIZED));
        let sta = Apartment::single_threaded().unwrap();
        let kind = ole32_apartment_type().unwrap();
        assert!(kind == 0 || kind == 3, "APTTYPE {kind} is not an STA");
        let err = Apartment::multithreaded().unwrap_err();
        assert_eq!(err.code().0 as u32, 0x80010106, "RPC_E_CHANGED_MODE");
        // The refused join changed nothing.
        assert_eq!(ole32_apartment_type(), Ok(kind));
        drop(sta);
        assert_eq!(ole32_apartment_type(), Err(CO_E_NOTINITIALIZED));

        let mta = Apartment::multithreaded().unwrap();
        assert_eq!(ole32_apartment_type(), Ok(1));
        let nested = Apartment::multithreaded().unwrap();
        assert!(nested.was_already_initialized());
        drop(nested);
        assert_eq!(ole32_apartment_type(), Ok(1), "the outer guard still holds");
        drop(mta);
        assert_eq!(ole32_apartment_type(), Err(CO_E_NOTINITIALIZED));
    });
}

#[interface("5A0B1E62-3C1D-4F0E-9B6A-7D2C4E8F1A01")]
unsafe trait ICalculator: IUnknown {
    fn Add(&self, a: i32, b: i32, #[out] sum: *mut i32) -> HRESULT;
    fn Divide(&self, a: i32, b: i32, #[out] quotient: *mut i32) -> HRESULT;
    fn Explode(&self) -> HRESULT;
}

const IID_ICALCULATOR: Guid = Guid::from_u128(0x5A0B1E62_3C1D_4F0E_9B6A_7D2C4E8F1A01);

#[implement(ICalculator)]
struct Calculator;

impl ICalculator_Impl for Calculator {
    fn Add(&self, a: i32, b: i32) -> Result<i32> {
        a.checked_add(b)
            .ok_or_else(|| Error::new(E_INVALIDARG, "the sum overflows"))
    }
    fn Divide(&self, a: i32, b: i32) -> Result<i32> {
        if b == 0 {
            return Err(Error::with_detail(
                HRESULT(0x80020012u32 as i32),
                ErrorDetail {
                    description: "division by zero: 7 / 0".into(),
                    source: "Comtypes.Calculator".into(),
                    help_file: r"C:\help\calc.chm".into(),
                    help_context: 42,
                    interface: IID_ICALCULATOR,
                },
            ));
        }
        Ok(a / b)
    }
    fn Explode(&self) -> Result<()> {
        panic!("boom from Rust")
    }
}

#[test]
fn a_rust_class_is_created_by_progid_through_ole32() {
    on_new_thread(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        let clsid = Guid::new().unwrap();
        let progid = format!("Comtypes.WindowsTest.{:#}", clsid).replace('-', "");
        let registration =
            register_class_fn(&clsid, Some(&progid), || Ok(Calculator.into())).unwrap();

        let calc: ICalculator = create_object(&progid).unwrap();
        assert_eq!(calc.Add(40, 2).unwrap(), 42);

        // ole32 itself finds the class object we registered, when asked directly.
        let mut raw = core::ptr::null_mut();
        // SAFETY: valid pointers; on success `raw` is an owned ICalculator.
        let hr = unsafe {
            CoCreateInstance(
                &clsid,
                core::ptr::null_mut(),
                1,
                &ICalculator::IID,
                &mut raw,
            )
        };
        assert_eq!(hr, S_OK);
        // SAFETY: S_OK: an owned, non-null ICalculator.
        let direct = unsafe { ICalculator::from_raw(raw) };
        assert_eq!(direct.Add(-5, 3).unwrap(), -2);
        assert!(!direct.as_unknown().is_same_object(calc.as_unknown()));
        let factory: IClassFactory = get_class_object(&clsid, ClassContext::INPROC_SERVER).unwrap();
        assert_eq!(
            factory.create::<ICalculator>().unwrap().Add(1, 1).unwrap(),
            2
        );

        // Registering wrote nothing to the registry: ole32 does not know the ProgID.
        let mut guid = Guid::NULL;
        // SAFETY: a NUL-terminated name and a writable GUID.
        let hr = unsafe { CLSIDFromProgID(wide(&progid).as_ptr(), &mut guid) };
        assert_eq!(hr, CO_E_CLASSSTRING);

        drop(registration);
        assert_eq!(
            create_instance::<ICalculator>(&clsid, ClassContext::ALL)
                .unwrap_err()
                .code(),
            REGDB_E_CLASSNOTREG
        );
        assert_eq!(
            create_object::<ICalculator>(&progid).unwrap_err().code(),
            CO_E_CLASSSTRING
        );
        // Objects made before the revocation live on.
        assert_eq!(calc.Add(1, 2).unwrap(), 3);
    });
}

#[test]
fn error_info_round_trips_through_oleaut32() {
    on_new_thread(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        let calc: ICalculator = Calculator.into();

        // Through the wrapper: every IErrorInfo field comes back.
        let err = calc.Divide(7, 0).unwrap_err();
        assert_eq!(err.code().0 as u32, 0x80020012);
        let detail = err.detail().expect("IErrorInfo was read");
        assert_eq!(detail.description, "division by zero: 7 / 0");
        assert_eq!(detail.source, "Comtypes.Calculator");
        assert_eq!(detail.help_file, r"C:\help\calc.chm");
        assert_eq!(detail.help_context, 42);
        assert_eq!(detail.interface, IID_ICALCULATOR);
        // The wrapper took the error: the thread has none left.
        let mut raw = core::ptr::null_mut();
        // SAFETY: GetErrorInfo writes an owned pointer or null.
        assert_eq!(unsafe { GetErrorInfo(0, &mut raw) }, S_FALSE);
        assert!(raw.is_null());

        // Through the raw vtable: the error object is oleaut32's own (it also answers
        // ICreateErrorInfo), read with our IErrorInfo declaration.
        let mut quotient = 0;
        // SAFETY: a live object and a writable out pointer.
        let hr = unsafe { (calc.vtable().Divide)(calc.as_raw(), 1, 0, &mut quotient) };
        assert_eq!(hr.0 as u32, 0x80020012);
        // SAFETY: as above.
        assert_eq!(unsafe { GetErrorInfo(0, &mut raw) }, S_OK);
        // SAFETY: S_OK: an owned IErrorInfo.
        let info = unsafe { IErrorInfo::from_raw(raw) };
        assert_eq!(info.GetDescription().unwrap(), "division by zero: 7 / 0");
        assert_eq!(info.GetSource().unwrap(), "Comtypes.Calculator");
        assert_eq!(info.GetHelpContext().unwrap(), 42);
        assert_eq!(info.GetGUID().unwrap(), IID_ICALCULATOR);
        info.cast::<ICreateErrorInfo>()
            .expect("the system's error object is also its ICreateErrorInfo");
        // SAFETY: as above.
        assert_eq!(unsafe { GetErrorInfo(0, &mut raw) }, S_FALSE);

        // A panic crosses as E_UNEXPECTED with its text, not as an unwind.
        let err = calc.Explode().unwrap_err();
        assert_eq!(err.code(), E_UNEXPECTED);
        assert_eq!(err.description(), Some("panic: boom from Rust"));
        // An error made with `Error::new` keeps the description and clears the rest.
        let err = calc.Add(i32::MAX, 1).unwrap_err();
        assert_eq!(err.code(), E_INVALIDARG);
        assert_eq!(err.description(), Some("the sum overflows"));
        assert_eq!(err.source(), None);
        assert_eq!(err.interface(), Guid::NULL);
    });
}

#[test]
fn active_objects_go_through_the_running_object_table() {
    on_new_thread(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        let clsid = Guid::new().unwrap();
        assert_eq!(
            get_active_object::<IUnknown>(&clsid).unwrap_err().code(),
            MK_E_UNAVAILABLE
        );
        let ours: IUnknown = Calculator.into();
        // SAFETY: the object holds only plain data: callable from any thread.
        let registration = unsafe { register_active_object(&ours, &clsid) }.unwrap();
        let found: ICalculator = get_active_object(&clsid).unwrap();
        assert!(found.as_unknown().is_same_object(&ours));
        assert_eq!(found.Add(2, 3).unwrap(), 5);
        drop(registration);
        assert_eq!(
            get_active_object::<ICalculator>(&clsid).unwrap_err().code(),
            MK_E_UNAVAILABLE
        );

        // A system object registers and is found the same way.
        let dictionary: IUnknown = create_object("Scripting.Dictionary").unwrap();
        let clsid = Guid::new().unwrap();
        // SAFETY: the system object is reached through ole32, which marshals calls.
        let registration = unsafe { register_active_object(&dictionary, &clsid) }.unwrap();
        let found: IDispatch = get_active_object(&clsid).unwrap();
        assert!(found.as_unknown().is_same_object(&dictionary));
        let err = get_active_object::<IPersistFile>(&clsid).unwrap_err();
        assert_eq!(err.code(), E_NOINTERFACE);
        drop(registration);
    });
}
