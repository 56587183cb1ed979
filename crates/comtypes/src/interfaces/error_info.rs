use crate::{interface, Bstr, Guid, IUnknown, HRESULT};

/// The details of an error: what `GetErrorInfo` returns after a failed call.
#[interface("1CF2B120-547D-101B-8E65-08002B2BD119")]
pub unsafe trait IErrorInfo: IUnknown {
    /// The interface that defined the error.
    fn GetGUID(&self, #[out] guid: *mut Guid) -> HRESULT;
    /// The component that raised the error.
    fn GetSource(&self, #[out] source: *mut Bstr) -> HRESULT;
    /// The description for a person.
    fn GetDescription(&self, #[out] description: *mut Bstr) -> HRESULT;
    /// The help file's path.
    fn GetHelpFile(&self, #[out] help_file: *mut Bstr) -> HRESULT;
    /// The help topic.
    fn GetHelpContext(&self, #[out] context: *mut u32) -> HRESULT;
}

/// Fills in an error object (made by `CreateErrorInfo`).
#[interface("22F03340-547D-101B-8E65-08002B2BD119")]
pub unsafe trait ICreateErrorInfo: IUnknown {
    /// Sets the interface that defined the error.
    fn SetGUID(&self, guid: *const Guid) -> HRESULT;
    /// Sets the source (a NUL-terminated wide string).
    fn SetSource(&self, source: *const u16) -> HRESULT;
    /// Sets the description (a NUL-terminated wide string).
    fn SetDescription(&self, description: *const u16) -> HRESULT;
    /// Sets the help file (a NUL-terminated wide string).
    fn SetHelpFile(&self, help_file: *const u16) -> HRESULT;
    /// Sets the help topic.
    fn SetHelpContext(&self, context: u32) -> HRESULT;
}

/// Says whether an object sets IErrorInfo on failures of an interface.
#[interface("DF0B3D60-548F-101B-8E65-08002B2BD119")]
pub unsafe trait ISupportErrorInfo: IUnknown {
    /// S_OK when the object sets IErrorInfo for `iid`, S_FALSE when not.
    #[hresult]
    fn InterfaceSupportsErrorInfo(&self, iid: *const Guid) -> HRESULT;
}

impl ISupportErrorInfo {
    /// True when the object sets IErrorInfo on failures of interface `iid` (S_OK; S_FALSE
    /// and failures are "no").
    pub fn supports(&self, iid: &Guid) -> bool {
        // SAFETY: a readable IID.
        unsafe { self.InterfaceSupportsErrorInfo(iid) == crate::hresult::S_OK }
    }
}
