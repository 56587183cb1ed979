//! `ITypeLib`, `ITypeLib2`, `ITypeInfo`, `ITypeInfo2` and `ITypeComp`, in `oaidl.idl`'s
//! vtable order, with typed structure pointers.
//!
//! Methods that take raw pointers are `unsafe` wrappers; the safe helpers in
//! [`crate::typeinfo`] (`type_attr`, `func_desc`, `names`, ...) cover the common uses.

use super::abi::*;
use crate::interfaces::{DISPPARAMS, EXCEPINFO};
use crate::variant::VARIANT;
use crate::{interface, Bstr, Guid, IUnknown, Ref, HRESULT};
use core::ffi::c_void;

/// The description of one type in a type library.
#[interface("00020401-0000-0000-C000-000000000046")]
pub unsafe trait ITypeInfo: IUnknown {
    /// The TYPEATTR (free with `ReleaseTypeAttr`; see [`ITypeInfo::type_attr`]).
    fn GetTypeAttr(&self, attr: *mut *mut TYPEATTR) -> HRESULT;
    /// The ITypeComp of this type.
    fn GetTypeComp(&self, #[out] comp: *mut Option<ITypeComp>) -> HRESULT;
    /// The FUNCDESC of function `index` (free with `ReleaseFuncDesc`).
    fn GetFuncDesc(&self, index: u32, desc: *mut *mut FUNCDESC) -> HRESULT;
    /// The VARDESC of variable `index` (free with `ReleaseVarDesc`).
    fn GetVarDesc(&self, index: u32, desc: *mut *mut VARDESC) -> HRESULT;
    /// The names of a member and its parameters (at most `max`).
    fn GetNames(&self, id: MEMBERID, names: *mut Bstr, max: u32, count: *mut u32) -> HRESULT;
    /// The reference of implemented type `index` (-1: a dual interface's other view).
    fn GetRefTypeOfImplType(&self, index: u32, #[out] href: *mut HREFTYPE) -> HRESULT;
    /// The IMPLTYPEFLAGS of implemented type `index`.
    fn GetImplTypeFlags(&self, index: u32, #[out] flags: *mut i32) -> HRESULT;
    /// Maps names to member ids.
    fn GetIDsOfNames(&self, names: *const *const u16, count: u32, ids: *mut MEMBERID) -> HRESULT;
    /// Calls a member of `instance` described by this type.
    fn Invoke(
        &self,
        instance: *mut c_void,
        id: MEMBERID,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> HRESULT;
    /// Name, doc string, help context and help file of a member (`MEMBERID_NIL`: the
    /// type itself); null pointers skip an output. See [`ITypeInfo::documentation`].
    fn GetDocumentation(
        &self,
        id: MEMBERID,
        name: *mut Bstr,
        doc: *mut Bstr,
        context: *mut u32,
        help_file: *mut Bstr,
    ) -> HRESULT;
    /// The DLL and entry point (name or ordinal) of a module function; null pointers
    /// skip an output. See [`ITypeInfo::dll_entry`].
    fn GetDllEntry(
        &self,
        id: MEMBERID,
        kind: INVOKEKIND,
        dll: *mut Bstr,
        name: *mut Bstr,
        ordinal: *mut u16,
    ) -> HRESULT;
    /// The type info a reference points at.
    fn GetRefTypeInfo(&self, href: HREFTYPE, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// The address of a static member.
    fn AddressOfMember(&self, id: MEMBERID, kind: INVOKEKIND, address: *mut *mut c_void)
        -> HRESULT;
    /// Creates an instance of a coclass.
    fn CreateInstance(
        &self,
        outer: Ref<'_, IUnknown>,
        iid: *const Guid,
        object: *mut *mut c_void,
    ) -> HRESULT;
    /// Marshaling information.
    fn GetMops(&self, id: MEMBERID, #[out] mops: *mut Bstr) -> HRESULT;
    /// The library holding this type, and the type's index in it.
    fn GetContainingTypeLib(
        &self,
        #[out] lib: *mut Option<ITypeLib>,
        #[out] index: *mut u32,
    ) -> HRESULT;
    /// Frees a TYPEATTR.
    fn ReleaseTypeAttr(&self, attr: *mut TYPEATTR);
    /// Frees a FUNCDESC.
    fn ReleaseFuncDesc(&self, desc: *mut FUNCDESC);
    /// Frees a VARDESC.
    fn ReleaseVarDesc(&self, desc: *mut VARDESC);
}

/// `ITypeInfo` plus custom data, help strings and quick lookups.
#[interface("00020412-0000-0000-C000-000000000046")]
pub unsafe trait ITypeInfo2: ITypeInfo {
    /// The TYPEKIND, without a TYPEATTR.
    fn GetTypeKind(&self, #[out] kind: *mut TYPEKIND) -> HRESULT;
    /// The TYPEFLAGS, without a TYPEATTR.
    fn GetTypeFlags(&self, #[out] flags: *mut u32) -> HRESULT;
    /// The index of the function with this member id and invoke kind.
    fn GetFuncIndexOfMemId(
        &self,
        id: MEMBERID,
        kind: INVOKEKIND,
        #[out] index: *mut u32,
    ) -> HRESULT;
    /// The index of the variable with this member id.
    fn GetVarIndexOfMemId(&self, id: MEMBERID, #[out] index: *mut u32) -> HRESULT;
    /// One custom data item of the type (the caller clears the VARIANT).
    fn GetCustData(&self, guid: *const Guid, value: *mut VARIANT) -> HRESULT;
    /// One custom data item of function `index`.
    fn GetFuncCustData(&self, index: u32, guid: *const Guid, value: *mut VARIANT) -> HRESULT;
    /// One custom data item of a parameter.
    fn GetParamCustData(
        &self,
        func: u32,
        param: u32,
        guid: *const Guid,
        value: *mut VARIANT,
    ) -> HRESULT;
    /// One custom data item of variable `index`.
    fn GetVarCustData(&self, index: u32, guid: *const Guid, value: *mut VARIANT) -> HRESULT;
    /// One custom data item of implemented type `index`.
    fn GetImplTypeCustData(&self, index: u32, guid: *const Guid, value: *mut VARIANT) -> HRESULT;
    /// Help string (localised through the help string DLL), help string context and DLL;
    /// null pointers skip an output. See [`ITypeInfo2::documentation2`].
    fn GetDocumentation2(
        &self,
        id: MEMBERID,
        lcid: LCID,
        help_string: *mut Bstr,
        context: *mut u32,
        dll: *mut Bstr,
    ) -> HRESULT;
    /// All custom data of the type (free with `ClearCustData`).
    fn GetAllCustData(&self, data: *mut CUSTDATA) -> HRESULT;
    /// All custom data of function `index`.
    fn GetAllFuncCustData(&self, index: u32, data: *mut CUSTDATA) -> HRESULT;
    /// All custom data of a parameter.
    fn GetAllParamCustData(&self, func: u32, param: u32, data: *mut CUSTDATA) -> HRESULT;
    /// All custom data of variable `index`.
    fn GetAllVarCustData(&self, index: u32, data: *mut CUSTDATA) -> HRESULT;
    /// All custom data of implemented type `index`.
    fn GetAllImplTypeCustData(&self, index: u32, data: *mut CUSTDATA) -> HRESULT;
}

/// A type library: its attributes and its type infos.
#[interface("00020402-0000-0000-C000-000000000046")]
pub unsafe trait ITypeLib: IUnknown {
    /// The number of type infos.
    fn GetTypeInfoCount(&self) -> u32;
    /// Type info `index`.
    fn GetTypeInfo(&self, index: u32, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// The TYPEKIND of type info `index`.
    fn GetTypeInfoType(&self, index: u32, #[out] kind: *mut TYPEKIND) -> HRESULT;
    /// The type info with this GUID.
    fn GetTypeInfoOfGuid(&self, guid: *const Guid, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// The TLIBATTR (free with `ReleaseTLibAttr`; see [`ITypeLib::lib_attr`]).
    fn GetLibAttr(&self, attr: *mut *mut TLIBATTR) -> HRESULT;
    /// The ITypeComp binding names of the library.
    fn GetTypeComp(&self, #[out] comp: *mut Option<ITypeComp>) -> HRESULT;
    /// Name, doc string, help context and help file of the library (`index` -1) or of
    /// type info `index`; null pointers skip an output. See [`ITypeLib::documentation`].
    fn GetDocumentation(
        &self,
        index: i32,
        name: *mut Bstr,
        doc: *mut Bstr,
        context: *mut u32,
        help_file: *mut Bstr,
    ) -> HRESULT;
    /// Whether the library defines this name (the case of `name` is corrected in place).
    fn IsName(&self, name: *mut u16, hash: u32, found: *mut i32) -> HRESULT;
    /// Finds up to `*found` type infos defining this name.
    fn FindName(
        &self,
        name: *mut u16,
        hash: u32,
        infos: *mut Option<ITypeInfo>,
        ids: *mut MEMBERID,
        found: *mut u16,
    ) -> HRESULT;
    /// Frees a TLIBATTR.
    fn ReleaseTLibAttr(&self, attr: *mut TLIBATTR);
}

/// `ITypeLib` plus custom data and help strings.
#[interface("00020411-0000-0000-C000-000000000046")]
pub unsafe trait ITypeLib2: ITypeLib {
    /// One custom data item of the library (the caller clears the VARIANT).
    fn GetCustData(&self, guid: *const Guid, value: *mut VARIANT) -> HRESULT;
    /// Number of unique names and their total length.
    fn GetLibStatistics(&self, #[out] names: *mut u32, #[out] chars: *mut u32) -> HRESULT;
    /// Help string, help string context and help string DLL of the library (`index` -1)
    /// or of type info `index`; null pointers skip an output. See
    /// [`ITypeLib2::documentation2`].
    fn GetDocumentation2(
        &self,
        index: i32,
        lcid: LCID,
        help_string: *mut Bstr,
        context: *mut u32,
        dll: *mut Bstr,
    ) -> HRESULT;
    /// All custom data of the library (free with `ClearCustData`).
    fn GetAllCustData(&self, data: *mut CUSTDATA) -> HRESULT;
}

/// Binds names to members and types, as compilers do.
#[interface("00020403-0000-0000-C000-000000000046")]
pub unsafe trait ITypeComp: IUnknown {
    /// Binds a member name (`flags`: the INVOKEKIND wanted, 0 for any).
    fn Bind(
        &self,
        name: *mut u16,
        hash: u32,
        flags: u16,
        info: *mut Option<ITypeInfo>,
        kind: *mut DESCKIND,
        bound: *mut BINDPTR,
    ) -> HRESULT;
    /// Binds a type name.
    fn BindType(
        &self,
        name: *mut u16,
        hash: u32,
        info: *mut Option<ITypeInfo>,
        comp: *mut Option<ITypeComp>,
    ) -> HRESULT;
}
