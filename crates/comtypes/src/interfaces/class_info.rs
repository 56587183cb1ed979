use crate::{interface, Guid, IUnknown, HRESULT};

use super::ITypeInfo;

/// Gives the type information of an object's class (its coclass).
#[interface("B196B283-BAB4-101A-B69C-00AA00341D07")]
pub unsafe trait IProvideClassInfo: IUnknown {
    /// The coclass's type information.
    fn GetClassInfo(&self, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
}

/// Also gives the IID of the object's default outgoing (event) interface.
#[interface("A6BC3AC0-DBAA-11CE-9DE3-00AA004BB851")]
pub unsafe trait IProvideClassInfo2: IProvideClassInfo {
    /// With `kind` 1 (GUIDKIND_DEFAULT_SOURCE_DISP_IID): the default source interface's IID.
    fn GetGUID(&self, kind: u32, #[out] guid: *mut Guid) -> HRESULT;
}
