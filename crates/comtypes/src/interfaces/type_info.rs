use crate::variant::VARIANT;
use crate::{interface, Bstr, Guid, IUnknown, Ref, HRESULT};
use core::ffi::c_void;

use super::{DISPPARAMS, EXCEPINFO};

/// The description of one type in a type library. The structures it hands out
/// (TYPEATTR, FUNCDESC, VARDESC) are passed as raw pointers here.
#[interface("00020401-0000-0000-C000-000000000046")]
pub unsafe trait ITypeInfo: IUnknown {
    /// The TYPEATTR (free with ReleaseTypeAttr).
    fn GetTypeAttr(&self, attr: *mut *mut c_void) -> HRESULT;
    /// The ITypeComp of this type.
    fn GetTypeComp(&self, comp: *mut *mut c_void) -> HRESULT;
    /// The FUNCDESC of function `index` (free with ReleaseFuncDesc).
    fn GetFuncDesc(&self, index: u32, desc: *mut *mut c_void) -> HRESULT;
    /// The VARDESC of variable `index` (free with ReleaseVarDesc).
    fn GetVarDesc(&self, index: u32, desc: *mut *mut c_void) -> HRESULT;
    /// The names of a member and its parameters.
    fn GetNames(&self, id: i32, names: *mut Bstr, max: u32, count: *mut u32) -> HRESULT;
    /// The reference of implemented type `index`.
    fn GetRefTypeOfImplType(&self, index: u32, #[out] href: *mut u32) -> HRESULT;
    /// The IMPLTYPEFLAGS of implemented type `index`.
    fn GetImplTypeFlags(&self, index: u32, #[out] flags: *mut i32) -> HRESULT;
    /// Maps names to member ids.
    fn GetIDsOfNames(&self, names: *const *const u16, count: u32, ids: *mut i32) -> HRESULT;
    /// Calls a member of `instance` described by this type.
    fn Invoke(
        &self,
        instance: *mut c_void,
        id: i32,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> HRESULT;
    /// Name, doc string, help context and help file of a member (-1: the type itself).
    fn GetDocumentation(
        &self,
        id: i32,
        name: *mut Bstr,
        doc: *mut Bstr,
        context: *mut u32,
        help_file: *mut Bstr,
    ) -> HRESULT;
    /// The DLL entry point of a module function.
    fn GetDllEntry(
        &self,
        id: i32,
        kind: u32,
        dll: *mut Bstr,
        name: *mut Bstr,
        ordinal: *mut u16,
    ) -> HRESULT;
    /// The type info a reference points at.
    fn GetRefTypeInfo(&self, href: u32, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// The address of a static member.
    fn AddressOfMember(&self, id: i32, kind: u32, address: *mut *mut c_void) -> HRESULT;
    /// Creates an instance of a coclass.
    fn CreateInstance(
        &self,
        outer: Ref<'_, IUnknown>,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    /// Marshaling information.
    fn GetMops(&self, id: i32, #[out] mops: *mut Bstr) -> HRESULT;
    /// The library holding this type, and the type's index in it.
    fn GetContainingTypeLib(&self, lib: *mut *mut c_void, index: *mut u32) -> HRESULT;
    /// Frees a TYPEATTR.
    fn ReleaseTypeAttr(&self, attr: *mut c_void);
    /// Frees a FUNCDESC.
    fn ReleaseFuncDesc(&self, desc: *mut c_void);
    /// Frees a VARDESC.
    fn ReleaseVarDesc(&self, desc: *mut c_void);
}
