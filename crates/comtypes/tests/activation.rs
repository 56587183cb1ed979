//! Creating objects by CLSID and ProgID through the same calls on every OS: classes
//! registered in this process, class objects, active objects, and the failures.

use comtypes::hresult::{
    CLASS_E_NOAGGREGATION, CO_E_CLASSSTRING, E_INVALIDARG, MK_E_UNAVAILABLE, REGDB_E_CLASSNOTREG,
};
use comtypes::interfaces::IClassFactory;
use comtypes::{
    clsid_from_progid, create_instance, create_object, get_active_object, get_class_object,
    implement, interface, register_active_object, register_class_fn, Apartment, ClassContext, Guid,
    IUnknown, Interface, Result, HRESULT,
};
use std::sync::atomic::{AtomicU32, Ordering};

#[interface("A11C0001-2222-4000-8000-000000000001")]
unsafe trait IWidget: IUnknown {
    fn Id(&self, #[out] id: *mut u32) -> HRESULT;
}

#[implement(IWidget)]
struct Widget(u32);
impl IWidget_Impl for Widget {
    fn Id(&self) -> Result<u32> {
        Ok(self.0)
    }
}

static MADE: AtomicU32 = AtomicU32::new(0);

fn make() -> Result<IUnknown> {
    Ok(Widget(MADE.fetch_add(1, Ordering::SeqCst) + 100).into())
}

#[test]
fn a_registered_class_is_created_by_clsid_and_progid_until_revoked() {
    let _apartment = Apartment::multithreaded().unwrap();
    let clsid = Guid::new().unwrap();
    let progid = format!("Comtypes.Test.{:#}", clsid).replace('-', "");
    let registration = register_class_fn(&clsid, Some(&progid), make).unwrap();

    assert_eq!(clsid_from_progid(&progid).unwrap(), clsid);
    assert_eq!(
        clsid_from_progid(&progid.to_uppercase()).unwrap(),
        clsid,
        "ProgIDs are case-insensitive"
    );
    let a: IWidget = create_object(&progid).unwrap();
    let b: IWidget = create_instance(&clsid, ClassContext::INPROC_SERVER).unwrap();
    let c: IWidget = create_object(&clsid.to_string()).unwrap();
    assert_ne!(
        a.Id().unwrap(),
        b.Id().unwrap(),
        "each creation is a new object"
    );
    assert!(!a.as_unknown().is_same_object(c.as_unknown()));

    let factory: IClassFactory = get_class_object(&clsid, ClassContext::INPROC_SERVER).unwrap();
    let d: IWidget = factory.create().unwrap();
    assert!(d.Id().unwrap() >= 100);

    // Aggregation is refused with the standard code.
    let outer: IUnknown = Widget(1).into();
    let mut raw = core::ptr::null_mut();
    // SAFETY: valid pointers.
    let err = unsafe { factory.CreateInstance(&outer, &IWidget::IID, &mut raw) }.unwrap_err();
    assert_eq!(err.code(), CLASS_E_NOAGGREGATION);
    assert!(raw.is_null());

    drop(registration);
    let err = create_instance::<IWidget>(&clsid, ClassContext::ALL).unwrap_err();
    assert_eq!(err.code(), REGDB_E_CLASSNOTREG);
    let err = create_object::<IWidget>(&progid).unwrap_err();
    assert_eq!(err.code(), CO_E_CLASSSTRING);
    assert!(
        err.to_string().contains(&progid),
        "the message names the ProgID: {err}"
    );
}

#[test]
fn asking_for_an_interface_the_class_lacks_fails_cleanly() {
    let _apartment = Apartment::multithreaded().unwrap();
    let clsid = Guid::new().unwrap();
    let _registration = register_class_fn(&clsid, None, make).unwrap();
    let err = create_instance::<IClassFactory>(&clsid, ClassContext::INPROC_SERVER).unwrap_err();
    assert_eq!(err.code(), comtypes::hresult::E_NOINTERFACE);
}

#[test]
fn bad_progids_and_clsid_strings_are_errors() {
    let _apartment = Apartment::multithreaded().unwrap();
    assert_eq!(
        clsid_from_progid("No.Such.ProgID.Anywhere")
            .unwrap_err()
            .code(),
        CO_E_CLASSSTRING
    );
    let err = clsid_from_progid("{not-a-guid}").unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
    assert!(err.to_string().contains("not-a-guid"), "{err}");
    let err = register_class_fn(&Guid::new().unwrap(), Some(""), make).unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
}

#[test]
fn active_objects_are_found_while_registered() {
    let _apartment = Apartment::multithreaded().unwrap();
    let clsid = Guid::new().unwrap();
    assert_eq!(
        get_active_object::<IWidget>(&clsid).unwrap_err().code(),
        MK_E_UNAVAILABLE
    );
    let running: IUnknown = Widget(7).into();
    // SAFETY: a Widget holds only a u32: callable from any thread.
    let registration = unsafe { register_active_object(&running, &clsid) }.unwrap();
    let found: IWidget = get_active_object(&clsid).unwrap();
    assert_eq!(found.Id().unwrap(), 7);
    assert!(found.as_unknown().is_same_object(&running));
    drop(registration);
    assert_eq!(
        get_active_object::<IWidget>(&clsid).unwrap_err().code(),
        MK_E_UNAVAILABLE
    );
}

#[test]
fn a_factory_error_keeps_its_description() {
    let _apartment = Apartment::multithreaded().unwrap();
    let clsid = Guid::new().unwrap();
    let _registration = register_class_fn(&clsid, None, || {
        Err(comtypes::Error::new(
            E_INVALIDARG,
            "no licence for this widget",
        ))
    })
    .unwrap();
    let err = create_instance::<IWidget>(&clsid, ClassContext::INPROC_SERVER).unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
    assert_eq!(err.description(), Some("no licence for this widget"));
}

#[test]
fn a_progid_taken_over_stays_with_its_new_class() {
    let _apartment = Apartment::multithreaded().unwrap();
    let (first, second) = (Guid::new().unwrap(), Guid::new().unwrap());
    let progid = format!("Comtypes.Test.Takeover.{:#}", first).replace('-', "");
    let old = register_class_fn(&first, Some(&progid), make).unwrap();
    let new = register_class_fn(&second, Some(&progid), make).unwrap();
    assert_eq!(clsid_from_progid(&progid).unwrap(), second);
    // Revoking the first class must not remove the second one's ProgID.
    drop(old);
    assert_eq!(clsid_from_progid(&progid).unwrap(), second);
    drop(new);
    assert_eq!(
        clsid_from_progid(&progid).unwrap_err().code(),
        CO_E_CLASSSTRING
    );
}
