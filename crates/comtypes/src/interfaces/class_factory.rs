use crate::{interface, Error, Guid, IUnknown, Interface, Ref, Result, HRESULT};
use core::ffi::c_void;

/// Makes objects of one class.
#[interface("00000001-0000-0000-C000-000000000046")]
pub unsafe trait IClassFactory: IUnknown {
    /// Creates an object (`outer` is the aggregating object, usually null) and returns its
    /// interface `iid` in `object`.
    fn CreateInstance(
        &self,
        outer: Ref<'_, IUnknown>,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    /// Keeps the server loaded (`lock` is a BOOL).
    fn LockServer(&self, lock: i32) -> HRESULT;
}

impl IClassFactory {
    /// Creates a new object and returns its interface `I`.
    pub fn create<I: Interface>(&self) -> Result<I> {
        let mut raw = core::ptr::null_mut();
        // SAFETY: valid IID and out pointer; on success `raw` is an owned `I`.
        unsafe {
            self.CreateInstance(Ref::null(), &I::IID, &mut raw)?;
            I::from_raw_opt(raw).ok_or_else(|| {
                Error::new(crate::hresult::E_POINTER, "CreateInstance returned null")
            })
        }
    }
}
