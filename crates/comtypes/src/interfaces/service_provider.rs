use crate::{interface, Guid, IUnknown, HRESULT};
use core::ffi::c_void;

/// Finds a service by its GUID.
#[interface("6D5140C1-7436-11CE-8034-00AA006009FA")]
pub unsafe trait IServiceProvider: IUnknown {
    /// The service `service` as interface `iid`.
    fn QueryService(
        &self,
        service: *const Guid,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
}
