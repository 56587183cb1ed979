use crate::variant::VARIANT;
use crate::{interface, Bstr, Guid, IUnknown, HRESULT};
use core::ffi::c_void;

use super::ITypeInfo;

/// The arguments of `IDispatch::Invoke`: positional arguments in reverse order, named
/// ones first with their DISPIDs.
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug)]
pub struct DISPPARAMS {
    /// The arguments, last one first.
    pub rgvarg: *mut VARIANT,
    /// The DISPIDs of the named arguments (the first `cNamedArgs` of `rgvarg`).
    pub rgdispidNamedArgs: *mut i32,
    /// The number of arguments.
    pub cArgs: u32,
    /// The number of named arguments.
    pub cNamedArgs: u32,
}

/// The details of an exception raised by `IDispatch::Invoke` (`DISP_E_EXCEPTION`). The
/// strings are owned: dropping the struct frees them.
#[repr(C)]
#[allow(non_snake_case)]
#[derive(Debug, Default)]
pub struct EXCEPINFO {
    /// An error code (0 when `scode` is used instead).
    pub wCode: u16,
    /// Reserved.
    pub wReserved: u16,
    /// The source.
    pub bstrSource: Bstr,
    /// The description.
    pub bstrDescription: Bstr,
    /// The help file.
    pub bstrHelpFile: Bstr,
    /// The help topic.
    pub dwHelpContext: u32,
    /// Reserved.
    pub pvReserved: *mut c_void,
    /// When set, fills in the other fields on demand.
    pub pfnDeferredFillIn: Option<unsafe extern "system" fn(*mut EXCEPINFO) -> HRESULT>,
    /// The error as an HRESULT (when `wCode` is 0).
    pub scode: i32,
}

/// Late-bound access to an object's members by name (automation).
#[interface("00020400-0000-0000-C000-000000000046")]
pub unsafe trait IDispatch: IUnknown {
    /// 1 when type information is available, else 0.
    fn GetTypeInfoCount(&self, #[out] count: *mut u32) -> HRESULT;
    /// The object's type information.
    fn GetTypeInfo(&self, index: u32, lcid: u32, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// Maps a member name (and its parameter names) to DISPIDs.
    fn GetIDsOfNames(
        &self,
        iid: *const Guid,
        names: *const *const u16,
        count: u32,
        lcid: u32,
        ids: *mut i32,
    ) -> HRESULT;
    /// Calls a member: a method, or a property get / put / putref.
    fn Invoke(
        &self,
        id: i32,
        iid: *const Guid,
        lcid: u32,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> HRESULT;
}

/// `Invoke` flag: call a method.
pub const DISPATCH_METHOD: u16 = 0x1;
/// `Invoke` flag: read a property.
pub const DISPATCH_PROPERTYGET: u16 = 0x2;
/// `Invoke` flag: assign a property by value.
pub const DISPATCH_PROPERTYPUT: u16 = 0x4;
/// `Invoke` flag: assign a property by reference (`Set x.Prop = obj`).
pub const DISPATCH_PROPERTYPUTREF: u16 = 0x8;

/// The default member (`obj()` / `obj.Value`).
pub const DISPID_VALUE: i32 = 0;
/// What GetIDsOfNames writes for a name it does not know.
pub const DISPID_UNKNOWN: i32 = -1;
/// The named argument that carries the new value of a property put.
pub const DISPID_PROPERTYPUT: i32 = -3;
/// `_NewEnum`: returns an IEnumVARIANT over a collection.
pub const DISPID_NEWENUM: i32 = -4;
/// `Evaluate`: the `[...]` member of some hosts.
pub const DISPID_EVALUATE: i32 = -5;
/// The member that builds a new object of a collection's item type.
pub const DISPID_CONSTRUCTOR: i32 = -6;
/// The member that destroys an object.
pub const DISPID_DESTRUCTOR: i32 = -7;
/// `_Collect` (reserved).
pub const DISPID_COLLECT: i32 = -8;

/// The locale-neutral LCID to pass to `GetIDsOfNames`/`Invoke` (LOCALE_USER_DEFAULT).
pub const LOCALE_USER_DEFAULT: u32 = 0x0400;
