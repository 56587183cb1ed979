//! The system's type library interfaces: [`ITypeLib`], [`ITypeLib2`], [`ITypeInfo`],
//! [`ITypeInfo2`], [`ITypeComp`] and the structures they hand out ([`abi`]), with guards
//! that release those structures on drop ([`TypeAttr`], [`FuncDesc`], [`VarDesc`],
//! [`LibAttr`]).
//!
//! The interface declarations compile on every OS (they are vtables, and objects of
//! ours may implement them). Loading a type library is Windows-only:
//! `load_type_lib` (`LoadTypeLibEx` without registering), `load_reg_type_lib`,
//! `query_path_of_reg_type_lib`, and the registry look-ups `type_lib_for_clsid` and
//! `type_lib_for_progid`. On other operating systems read type libraries with the
//! pure-Rust `comtypes-typelib` crate, which needs no OS at all (and is what the
//! Windows build is checked against, under Wine, type by type).
//!
//! ```no_run
//! # #[cfg(windows)] fn main() -> comtypes::Result<()> {
//! use comtypes::typeinfo::{load_type_lib, MEMBERID_NIL};
//! let lib = load_type_lib("stdole2.tlb")?;
//! for i in 0..lib.GetTypeInfoCount() {
//!     let info = lib.GetTypeInfo(i)?;
//!     let name = info.documentation(MEMBERID_NIL)?.name;
//!     println!("{name}: {} functions", info.type_attr()?.cFuncs);
//! }
//! # Ok(()) }
//! # #[cfg(not(windows))] fn main() {}
//! ```

pub mod abi;
mod interfaces;

pub use abi::*;
pub use interfaces::*;

use crate::{Bstr, Interface, Result};
use core::ops::Deref;
use core::ptr::NonNull;

/// A TYPEATTR borrowed from its type info; `ReleaseTypeAttr` on drop.
pub struct TypeAttr<'a> {
    info: &'a ITypeInfo,
    attr: NonNull<TYPEATTR>,
}

impl Deref for TypeAttr<'_> {
    type Target = TYPEATTR;
    fn deref(&self) -> &TYPEATTR {
        // SAFETY: the type info returned this TYPEATTR and keeps it until the drop.
        unsafe { self.attr.as_ref() }
    }
}

impl Drop for TypeAttr<'_> {
    fn drop(&mut self) {
        // SAFETY: returned by this type info's GetTypeAttr, released once.
        unsafe { self.info.ReleaseTypeAttr(self.attr.as_ptr()) }
    }
}

/// A FUNCDESC borrowed from its type info; `ReleaseFuncDesc` on drop.
pub struct FuncDesc<'a> {
    info: &'a ITypeInfo,
    desc: NonNull<FUNCDESC>,
}

impl FuncDesc<'_> {
    /// The parameters.
    pub fn params(&self) -> &[ELEMDESC] {
        // SAFETY: a live FUNCDESC of this type info.
        unsafe { self.desc.as_ref().params() }
    }
}

impl Deref for FuncDesc<'_> {
    type Target = FUNCDESC;
    fn deref(&self) -> &FUNCDESC {
        // SAFETY: the type info returned this FUNCDESC and keeps it until the drop.
        unsafe { self.desc.as_ref() }
    }
}

impl Drop for FuncDesc<'_> {
    fn drop(&mut self) {
        // SAFETY: returned by this type info's GetFuncDesc, released once.
        unsafe { self.info.ReleaseFuncDesc(self.desc.as_ptr()) }
    }
}

/// A VARDESC borrowed from its type info; `ReleaseVarDesc` on drop.
pub struct VarDesc<'a> {
    info: &'a ITypeInfo,
    desc: NonNull<VARDESC>,
}

impl VarDesc<'_> {
    /// The constant's value (`VAR_CONST` only).
    pub fn value(&self) -> Option<&crate::variant::VARIANT> {
        if self.varkind != VAR_CONST {
            return None;
        }
        // SAFETY: for VAR_CONST the union holds the value pointer, owned by the VARDESC.
        unsafe { self.u.lpvarValue.as_ref() }
    }
}

impl Deref for VarDesc<'_> {
    type Target = VARDESC;
    fn deref(&self) -> &VARDESC {
        // SAFETY: the type info returned this VARDESC and keeps it until the drop.
        unsafe { self.desc.as_ref() }
    }
}

impl Drop for VarDesc<'_> {
    fn drop(&mut self) {
        // SAFETY: returned by this type info's GetVarDesc, released once.
        unsafe { self.info.ReleaseVarDesc(self.desc.as_ptr()) }
    }
}

/// A TLIBATTR borrowed from its library; `ReleaseTLibAttr` on drop.
pub struct LibAttr<'a> {
    lib: &'a ITypeLib,
    attr: NonNull<TLIBATTR>,
}

impl Deref for LibAttr<'_> {
    type Target = TLIBATTR;
    fn deref(&self) -> &TLIBATTR {
        // SAFETY: the library returned this TLIBATTR and keeps it until the drop.
        unsafe { self.attr.as_ref() }
    }
}

impl Drop for LibAttr<'_> {
    fn drop(&mut self) {
        // SAFETY: returned by this library's GetLibAttr, released once.
        unsafe { self.lib.ReleaseTLibAttr(self.attr.as_ptr()) }
    }
}

/// What `GetDocumentation` returns: name, doc string, help context and help file.
#[derive(Debug, Default)]
pub struct Documentation {
    /// The name.
    pub name: Bstr,
    /// The doc string (`helpstring`).
    pub doc: Bstr,
    /// The help context.
    pub help_context: u32,
    /// The help file.
    pub help_file: Bstr,
}

/// What `GetDocumentation2` returns: help string, help string context and DLL.
#[derive(Debug, Default)]
pub struct Documentation2 {
    /// The help string (localised through the help string DLL if there is one).
    pub help_string: Bstr,
    /// The help string context.
    pub help_string_context: u32,
    /// The help string DLL.
    pub help_string_dll: Bstr,
}

/// A module function's DLL entry point (`GetDllEntry`).
#[derive(Debug, Default)]
pub struct DllEntry {
    /// The DLL.
    pub dll: Bstr,
    /// The entry point's name; null when it is exported by ordinal.
    pub name: Bstr,
    /// The ordinal, when `name` is null.
    pub ordinal: u16,
}

fn non_null<T>(p: *mut T, what: &str) -> Result<NonNull<T>> {
    NonNull::new(p).ok_or_else(|| {
        crate::Error::new(
            crate::hresult::E_POINTER,
            format!("{what} returned a null pointer"),
        )
    })
}

impl ITypeInfo {
    /// The TYPEATTR, released when the guard drops.
    pub fn type_attr(&self) -> Result<TypeAttr<'_>> {
        let mut p = core::ptr::null_mut();
        // SAFETY: `p` is a valid out pointer.
        unsafe { self.GetTypeAttr(&mut p)? };
        Ok(TypeAttr {
            info: self,
            attr: non_null(p, "GetTypeAttr")?,
        })
    }

    /// The FUNCDESC of function `index`, released when the guard drops.
    pub fn func_desc(&self, index: u32) -> Result<FuncDesc<'_>> {
        let mut p = core::ptr::null_mut();
        // SAFETY: `p` is a valid out pointer.
        unsafe { self.GetFuncDesc(index, &mut p)? };
        Ok(FuncDesc {
            info: self,
            desc: non_null(p, "GetFuncDesc")?,
        })
    }

    /// The VARDESC of variable `index`, released when the guard drops.
    pub fn var_desc(&self, index: u32) -> Result<VarDesc<'_>> {
        let mut p = core::ptr::null_mut();
        // SAFETY: `p` is a valid out pointer.
        unsafe { self.GetVarDesc(index, &mut p)? };
        Ok(VarDesc {
            info: self,
            desc: non_null(p, "GetVarDesc")?,
        })
    }

    /// The name of member `id` followed by its parameters' names (as `GetNames` reports
    /// them: for functions sharing a member id, those of the first one).
    pub fn names(&self, id: MEMBERID, max: usize) -> Result<Vec<String>> {
        let mut names: Vec<Bstr> = (0..max.max(1)).map(|_| Bstr::default()).collect();
        let mut count = 0u32;
        // SAFETY: `names` holds `max` BSTR slots; GetNames writes at most that many.
        unsafe { self.GetNames(id, names.as_mut_ptr(), names.len() as u32, &mut count)? };
        names.truncate(count as usize);
        Ok(names.iter().map(Bstr::to_string_lossy).collect())
    }

    /// Name, doc string, help context and help file of member `id` (`MEMBERID_NIL`:
    /// the type itself).
    pub fn documentation(&self, id: MEMBERID) -> Result<Documentation> {
        let mut d = Documentation::default();
        // SAFETY: four valid out pointers.
        unsafe {
            self.GetDocumentation(
                id,
                &mut d.name,
                &mut d.doc,
                &mut d.help_context,
                &mut d.help_file,
            )?
        };
        Ok(d)
    }

    /// The DLL entry point of module function `id` of kind `kind`.
    pub fn dll_entry(&self, id: MEMBERID, kind: INVOKEKIND) -> Result<DllEntry> {
        let mut e = DllEntry::default();
        // SAFETY: three valid out pointers.
        unsafe { self.GetDllEntry(id, kind, &mut e.dll, &mut e.name, &mut e.ordinal)? };
        Ok(e)
    }

    /// The type info behind implemented type `index` (-1: a dual interface's other view).
    pub fn impl_type_info(&self, index: u32) -> Result<ITypeInfo> {
        let href = self.GetRefTypeOfImplType(index)?;
        self.GetRefTypeInfo(href)
    }
}

impl ITypeLib {
    /// The TLIBATTR, released when the guard drops.
    pub fn lib_attr(&self) -> Result<LibAttr<'_>> {
        let mut p = core::ptr::null_mut();
        // SAFETY: `p` is a valid out pointer.
        unsafe { self.GetLibAttr(&mut p)? };
        Ok(LibAttr {
            lib: self,
            attr: non_null(p, "GetLibAttr")?,
        })
    }

    /// Name, doc string, help context and help file of the library (`index` -1) or of
    /// type info `index`.
    pub fn documentation(&self, index: i32) -> Result<Documentation> {
        let mut d = Documentation::default();
        // SAFETY: four valid out pointers.
        unsafe {
            self.GetDocumentation(
                index,
                &mut d.name,
                &mut d.doc,
                &mut d.help_context,
                &mut d.help_file,
            )?
        };
        Ok(d)
    }

    /// The type info with this GUID (`TYPE_E_ELEMENTNOTFOUND` if none).
    pub fn type_info_of_guid(&self, guid: &crate::Guid) -> Result<ITypeInfo> {
        // SAFETY: `guid` is a valid GUID for the call.
        unsafe { self.GetTypeInfoOfGuid(guid) }
    }

    /// This library as `ITypeLib2` (every system library since NT 4 answers).
    pub fn lib2(&self) -> Result<ITypeLib2> {
        self.cast()
    }
}

impl ITypeInfo2 {
    /// Help string, help string context and help string DLL of member `id`.
    pub fn documentation2(&self, id: MEMBERID, lcid: LCID) -> Result<Documentation2> {
        let mut d = Documentation2::default();
        // SAFETY: three valid out pointers.
        unsafe {
            self.GetDocumentation2(
                id,
                lcid,
                &mut d.help_string,
                &mut d.help_string_context,
                &mut d.help_string_dll,
            )?
        };
        Ok(d)
    }
}

impl ITypeLib2 {
    /// Help string, help string context and help string DLL of the library (`index`
    /// -1) or of type info `index`.
    pub fn documentation2(&self, index: i32, lcid: LCID) -> Result<Documentation2> {
        let mut d = Documentation2::default();
        // SAFETY: three valid out pointers.
        unsafe {
            self.GetDocumentation2(
                index,
                lcid,
                &mut d.help_string,
                &mut d.help_string_context,
                &mut d.help_string_dll,
            )?
        };
        Ok(d)
    }
}

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;
