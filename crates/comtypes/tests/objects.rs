//! Rust COM objects of every shape: identity rules of QueryInterface, reference
//! counting, Drop on the final release, panics and errors at the ABI boundary.

use comtypes::hresult::{E_FAIL, E_INVALIDARG, E_NOINTERFACE, E_POINTER, E_UNEXPECTED, S_OK};
use comtypes::interfaces::{
    IPersist, IPersistFile, IPersistFile_Impl, IPersist_Impl, ISupportErrorInfo,
};
use comtypes::{
    implement, interface, ComObject, Error, Guid, IUnknown, Interface, Result, TaskMemString,
    HRESULT,
};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

#[interface("5C6E0001-1111-4000-8000-000000000001")]
unsafe trait IBase: IUnknown {
    fn Base(&self, #[out] value: *mut u32) -> HRESULT;
}

#[interface("5C6E0002-1111-4000-8000-000000000002")]
unsafe trait IMid: IBase {
    fn Mid(&self, x: i32, y: i32, #[out] sum: *mut i32) -> HRESULT;
}

#[interface("5C6E0003-1111-4000-8000-000000000003")]
unsafe trait ILeaf: IMid {
    fn Leaf(&self, #[out] a: *mut u8, #[out] b: *mut Guid) -> HRESULT;
    fn Fail(&self, code: HRESULT, text: *const u16) -> HRESULT;
    fn Panic(&self) -> HRESULT;
    fn PanicPlain(&self) -> u32;
    fn Plain(&self, x: u32) -> u32;
    fn Nothing(&self);
}

#[interface("5C6E0004-1111-4000-8000-000000000004")]
unsafe trait IOther: IUnknown {
    fn Other(&self, #[out] me: *mut Option<IOther>) -> HRESULT;
    fn Null(&self, #[out] none: *mut Option<IOther>) -> HRESULT;
}

#[interface("5C6E0005-1111-4000-8000-000000000005")]
unsafe trait ISibling: IBase {
    fn Sibling(&self) -> HRESULT;
}

/// Sets a flag when dropped: proves Drop runs on the final release, once.
struct DropFlag(Arc<AtomicBool>);
impl Drop for DropFlag {
    fn drop(&mut self) {
        assert!(!self.0.swap(true, Ordering::SeqCst), "dropped twice");
    }
}

/// The deepest shape: a three-level chain plus an unrelated interface and a sibling
/// that shares the chain's base.
#[implement(ILeaf, IOther, ISibling)]
struct Deep {
    calls: AtomicU32,
    _flag: DropFlag,
}

impl IBase_Impl for Deep {
    fn Base(&self) -> Result<u32> {
        Ok(self.calls.fetch_add(1, Ordering::SeqCst) + 1)
    }
}
impl IMid_Impl for Deep {
    fn Mid(&self, x: i32, y: i32) -> Result<i32> {
        x.checked_add(y)
            .ok_or_else(|| Error::new(E_INVALIDARG, "overflow"))
    }
}
impl ILeaf_Impl for Deep {
    fn Leaf(&self) -> Result<(u8, Guid)> {
        Ok((7, IUnknown::IID))
    }
    unsafe fn Fail(&self, code: HRESULT, text: *const u16) -> Result<()> {
        // SAFETY: the test passes a NUL-terminated string.
        let text = unsafe {
            (0..)
                .take_while(|&i| *text.add(i) != 0)
                .map(|i| *text.add(i))
                .collect::<Vec<u16>>()
        };
        Err(Error::new(code, String::from_utf16_lossy(&text)))
    }
    fn Panic(&self) -> Result<()> {
        panic!("the method panicked on purpose")
    }
    fn PanicPlain(&self) -> u32 {
        panic!("plain panic")
    }
    fn Plain(&self, x: u32) -> u32 {
        x * 2
    }
    fn Nothing(&self) {}
}
impl IOther_Impl for Deep {
    fn Other(&self) -> Result<IOther> {
        Err(Error::new(E_FAIL, "no way back from &self"))
    }
    fn Null(&self) -> Result<IOther> {
        Err(Error::from(E_POINTER))
    }
}
impl ISibling_Impl for Deep {
    fn Sibling(&self) -> Result<()> {
        Ok(())
    }
}

fn deep() -> (ILeaf, Arc<AtomicBool>) {
    let flag = Arc::new(AtomicBool::new(false));
    let object: ILeaf = Deep {
        calls: AtomicU32::new(0),
        _flag: DropFlag(flag.clone()),
    }
    .into();
    (object, flag)
}

/// A one-interface object implementing a standard interface chain (IPersistFile: IPersist).
#[implement(IPersistFile)]
struct Document;
impl IPersist_Impl for Document {
    fn GetClassID(&self) -> Result<Guid> {
        Ok(Guid::from_u128(0x12345678_9ABC_DEF0_1234_56789ABCDEF0))
    }
}
impl IPersistFile_Impl for Document {
    fn IsDirty(&self) -> HRESULT {
        comtypes::hresult::S_FALSE
    }
    unsafe fn Load(&self, _file_name: *const u16, _mode: u32) -> Result<()> {
        Ok(())
    }
    unsafe fn Save(&self, _file_name: *const u16, _remember: i32) -> Result<()> {
        Err(Error::from(comtypes::hresult::E_NOTIMPL))
    }
    unsafe fn SaveCompleted(&self, _file_name: *const u16) -> Result<()> {
        Ok(())
    }
    fn GetCurFile(&self) -> Result<TaskMemString> {
        Ok(TaskMemString::new("C:\\doc.txt"))
    }
}

fn raw_qi(object: &IUnknown, iid: &Guid) -> (HRESULT, *mut core::ffi::c_void) {
    let mut out = core::ptr::dangling_mut::<core::ffi::c_void>(); // garbage: QI must overwrite it
                                                                  // SAFETY: a live object, valid pointers.
    let hr = unsafe { object.query(iid, &mut out) };
    (hr, out)
}

/// Checks COM's identity rules over every pair of supported interfaces.
fn check_identity(object: &IUnknown, supported: &[Guid], unsupported: &[Guid]) {
    let identity = object.cast::<IUnknown>().unwrap();
    for a in supported {
        let (hr, pa) = raw_qi(object, a);
        assert_eq!(hr, S_OK, "QI for {a}");
        // SAFETY: an owned pointer from QI.
        let pa = unsafe { IUnknown::from_raw(pa) };
        // The same IUnknown from every interface.
        assert_eq!(pa.cast::<IUnknown>().unwrap().as_raw(), identity.as_raw());
        // Reflexive.
        let (hr, again) = raw_qi(&pa, a);
        assert_eq!(hr, S_OK);
        // SAFETY: an owned pointer from QI.
        drop(unsafe { IUnknown::from_raw(again) });
        for b in supported {
            let (hr, pb) = raw_qi(&pa, b);
            assert_eq!(hr, S_OK, "QI {a} -> {b}");
            // SAFETY: an owned pointer from QI.
            let pb = unsafe { IUnknown::from_raw(pb) };
            // Symmetric: back from b to a.
            let (hr, back) = raw_qi(&pb, a);
            assert_eq!(hr, S_OK, "QI {b} -> {a}");
            // SAFETY: an owned pointer from QI.
            drop(unsafe { IUnknown::from_raw(back) });
            for c in supported {
                // Transitive: a -> b -> c succeeds and is the same object as a -> c.
                let (hr, pc) = raw_qi(&pb, c);
                assert_eq!(hr, S_OK);
                // SAFETY: an owned pointer from QI.
                let pc = unsafe { IUnknown::from_raw(pc) };
                assert!(pc.is_same_object(&pa));
            }
        }
        for u in unsupported {
            let (hr, pu) = raw_qi(&pa, u);
            assert_eq!(hr, E_NOINTERFACE, "QI {a} -> {u} must fail");
            assert!(pu.is_null(), "a failed QI writes null");
        }
    }
}

const UNRELATED: Guid = Guid::from_u128(0xDEADBEEF_0000_0000_0000_000000000000);

#[test]
fn identity_of_a_deep_object() {
    let (leaf, _) = deep();
    let supported = [
        IUnknown::IID,
        IBase::IID,
        IMid::IID,
        ILeaf::IID,
        IOther::IID,
        ISibling::IID,
        ISupportErrorInfo::IID,
    ];
    check_identity(leaf.as_unknown(), &supported, &[UNRELATED, IPersist::IID]);
    // IBase is reachable from two slots (ILeaf's chain and ISibling's): the first one
    // listed answers, so it is always the same pointer.
    let b1 = leaf.cast::<IBase>().unwrap();
    let b2 = leaf.cast::<ISibling>().unwrap().cast::<IBase>().unwrap();
    assert_eq!(b1.as_raw(), b2.as_raw());
}

#[test]
fn identity_of_a_standard_interface_object() {
    let file: IPersistFile = Document.into();
    check_identity(
        file.as_unknown(),
        &[
            IUnknown::IID,
            IPersist::IID,
            IPersistFile::IID,
            ISupportErrorInfo::IID,
        ],
        &[UNRELATED, ILeaf::IID],
    );
    assert_eq!(
        file.GetClassID().unwrap(),
        Guid::from_u128(0x12345678_9ABC_DEF0_1234_56789ABCDEF0)
    );
    assert_eq!(file.GetCurFile().unwrap().to_string(), "C:\\doc.txt");
    assert_eq!(file.IsDirty(), comtypes::hresult::S_FALSE);
    // SAFETY: a null file name is allowed by Save's contract.
    let err = unsafe { file.Save(core::ptr::null(), 0) }.unwrap_err();
    assert_eq!(err.code(), comtypes::hresult::E_NOTIMPL);
}

#[test]
fn calls_through_every_level_of_the_chain() {
    let (leaf, _) = deep();
    assert_eq!(leaf.Base().unwrap(), 1);
    assert_eq!(leaf.Mid(40, 2).unwrap(), 42);
    assert_eq!(leaf.Leaf().unwrap(), (7, IUnknown::IID));
    assert_eq!(leaf.Plain(21), 42);
    leaf.Nothing();
    // Upcasts through Deref and From.
    let mid: &IMid = &leaf;
    assert_eq!(mid.Base().unwrap(), 2);
    let base: IBase = IMid::from(leaf.clone()).into();
    assert_eq!(base.Base().unwrap(), 3);
    let err = leaf.Mid(i32::MAX, 1).unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
    assert_eq!(err.description(), Some("overflow"));
}

#[test]
fn reference_counting_and_drop_on_final_release() {
    let (leaf, dropped) = deep();
    let raw = leaf.as_raw();
    let vtbl = leaf.as_unknown().vtable();
    // SAFETY: a live object; every AddRef is balanced.
    unsafe {
        assert_eq!((vtbl.AddRef)(raw), 2);
        assert_eq!((vtbl.AddRef)(raw), 3);
        assert_eq!((vtbl.Release)(raw), 2);
        assert_eq!((vtbl.Release)(raw), 1);
    }
    let other = leaf.cast::<IOther>().unwrap();
    let clones: Vec<ILeaf> = (0..10).map(|_| leaf.clone()).collect();
    drop(leaf);
    drop(clones);
    assert!(
        !dropped.load(Ordering::SeqCst),
        "alive while `other` holds a reference"
    );
    // SAFETY: a live object; balanced.
    unsafe {
        assert_eq!((other.as_unknown().vtable().AddRef)(other.as_raw()), 2);
        assert_eq!((other.as_unknown().vtable().Release)(other.as_raw()), 1);
    }
    drop(other);
    assert!(
        dropped.load(Ordering::SeqCst),
        "the final release drops the Rust value"
    );
}

#[test]
fn into_raw_and_from_raw_keep_the_count() {
    let (leaf, dropped) = deep();
    let raw = leaf.into_raw();
    // SAFETY: `raw` carries the reference `into_raw` gave up.
    let borrowed = unsafe { ILeaf::from_raw_borrowed(&raw) }.unwrap();
    assert_eq!(borrowed.Plain(1), 2);
    // SAFETY: as above.
    let owned = unsafe { ILeaf::from_raw(raw) };
    assert!(!dropped.load(Ordering::SeqCst));
    drop(owned);
    assert!(dropped.load(Ordering::SeqCst));
    // SAFETY: null is allowed.
    assert!(unsafe { ILeaf::from_raw_borrowed(&core::ptr::null_mut()) }.is_none());
}

#[test]
fn com_object_keeps_access_to_the_rust_value() {
    let flag = Arc::new(AtomicBool::new(false));
    let object = ComObject::new(Deep {
        calls: AtomicU32::new(0),
        _flag: DropFlag(flag.clone()),
    });
    let base: IBase = object.to_interface().unwrap();
    base.Base().unwrap();
    base.Base().unwrap();
    assert_eq!(object.calls.load(Ordering::SeqCst), 2);
    assert!(object.as_unknown().is_same_object(base.as_unknown()));
    let err = object.to_interface::<IPersist>().unwrap_err();
    assert_eq!(err.code(), E_NOINTERFACE);
    drop(object);
    assert!(!flag.load(Ordering::SeqCst));
    drop(base);
    assert!(flag.load(Ordering::SeqCst));
}

#[test]
fn an_err_sets_error_info_for_the_caller() {
    let (leaf, _) = deep();
    let text: Vec<u16> = "the widget is jammed\0".encode_utf16().collect();
    // SAFETY: a NUL-terminated string.
    let err = unsafe { leaf.Fail(E_FAIL, text.as_ptr()) }.unwrap_err();
    assert_eq!(err.code(), E_FAIL);
    assert_eq!(err.description(), Some("the widget is jammed"));
    assert_eq!(err.to_string(), "0x80004005 E_FAIL: the widget is jammed");
    // The object says it sets error info for its interfaces, not for IUnknown.
    let sei = leaf.cast::<ISupportErrorInfo>().unwrap();
    assert!(sei.supports(&ILeaf::IID));
    assert!(sei.supports(&IOther::IID));
    assert!(!sei.supports(&IUnknown::IID));
    assert!(!sei.supports(&UNRELATED));
}

#[test]
fn a_panic_becomes_e_unexpected_with_its_text() {
    let (leaf, _) = deep();
    let err = leaf.Panic().unwrap_err();
    assert_eq!(err.code(), E_UNEXPECTED);
    assert_eq!(
        err.description(),
        Some("panic: the method panicked on purpose")
    );
    // A method with a plain return type answers its default value.
    assert_eq!(leaf.PanicPlain(), 0);
    // The object still works.
    assert_eq!(leaf.Mid(1, 2).unwrap(), 3);
}

#[test]
fn null_out_pointers_are_refused() {
    let (leaf, _) = deep();
    let vtbl = leaf.vtable();
    // SAFETY: deliberately null out pointers: the thunk must refuse them, not write.
    let hr = unsafe { (vtbl.Leaf)(leaf.as_raw(), core::ptr::null_mut(), core::ptr::null_mut()) };
    assert_eq!(hr, E_POINTER);
    // SAFETY: as above, through the base part of the vtable.
    let hr = unsafe { (vtbl.base__.base__.Base)(leaf.as_raw(), core::ptr::null_mut()) };
    assert_eq!(hr, E_POINTER);
}

#[test]
fn failed_interface_outs_are_errors_and_null() {
    let (leaf, _) = deep();
    let other = leaf.cast::<IOther>().unwrap();
    assert_eq!(
        other.Other().unwrap_err().description(),
        Some("no way back from &self")
    );
    let mut out = Some(other.clone());
    let raw_out = &mut out as *mut Option<IOther>;
    // The callee writes null on failure; the old value must be released by us first.
    drop(out.take());
    // SAFETY: a valid out pointer to a None.
    let hr = unsafe { (other.vtable().Null)(other.as_raw(), raw_out) };
    assert_eq!(hr, E_POINTER);
    assert!(out.is_none());
}

/// An object that says it does NOT set error info: a stale thread error must not be
/// picked up as its error.
#[implement(IBase, ISupportErrorInfo)]
struct Silent;
impl IBase_Impl for Silent {
    fn Base(&self) -> Result<u32> {
        // Sets the thread's error info, but the object denies supporting it.
        Err(Error::new(E_FAIL, "set but not promised"))
    }
}
impl comtypes::interfaces::ISupportErrorInfo_Impl for Silent {
    unsafe fn InterfaceSupportsErrorInfo(&self, _iid: *const Guid) -> HRESULT {
        comtypes::hresult::S_FALSE
    }
}

#[test]
fn error_info_is_read_only_when_the_object_promises_it() {
    let silent: IBase = Silent.into();
    let err = silent.Base().unwrap_err();
    assert_eq!(err.code(), E_FAIL);
    assert_eq!(
        err.description(),
        None,
        "ISupportErrorInfo said no: the thread's error info is not ours to take"
    );
    // It was left on the thread, untouched.
    assert_eq!(
        Error::from_thread(E_FAIL).description(),
        Some("set but not promised")
    );
}
