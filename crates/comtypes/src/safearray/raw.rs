//! The ABI `SAFEARRAY` descriptor, its bounds and its feature flags.

use core::ffi::c_void;

/// The bounds of one dimension: how many elements, and the index of the first.
///
/// ```
/// use comtypes::safearray::SAFEARRAYBOUND;
/// let b = SAFEARRAYBOUND { cElements: 3, lLbound: 1 };
/// assert_eq!(core::mem::size_of_val(&b), 8);
/// ```
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(non_snake_case)]
pub struct SAFEARRAYBOUND {
    /// The number of elements in this dimension.
    pub cElements: u32,
    /// The index of the first element.
    pub lLbound: i32,
}

/// The ABI SAFEARRAY descriptor.
///
/// `rgsabound` is declared with one entry, as in C; an array of `cDims` dimensions has
/// `cDims` entries in memory, stored in **reverse** order: `rgsabound[0]` describes the
/// last (rightmost, slowest-varying) dimension and `rgsabound[cDims - 1]` the first.
/// The data is column-major: the first index varies fastest. SafeArrayCreate also keeps
/// the element VARTYPE (or the IID of interface arrays) in the 16 bytes before the
/// descriptor.
///
/// ```
/// use comtypes::safearray::SAFEARRAY;
/// #[cfg(target_pointer_width = "64")]
/// assert_eq!(core::mem::size_of::<SAFEARRAY>(), 24 + 8);
/// ```
#[repr(C)]
#[derive(Debug)]
#[allow(non_snake_case)]
pub struct SAFEARRAY {
    /// The number of dimensions.
    pub cDims: u16,
    /// `FADF_*` flags.
    pub fFeatures: u16,
    /// The size of one element in bytes.
    pub cbElements: u32,
    /// The lock count (SafeArrayLock / SafeArrayAccessData).
    pub cLocks: u32,
    /// The elements.
    pub pvData: *mut c_void,
    /// The bounds, last dimension first (see above).
    pub rgsabound: [SAFEARRAYBOUND; 1],
}

const _: () = assert!(core::mem::size_of::<SAFEARRAYBOUND>() == 8);
const _: () = assert!(
    core::mem::size_of::<SAFEARRAY>() == 16 + core::mem::size_of::<usize>() + 8
        || core::mem::size_of::<usize>() == 4
);
#[cfg(target_pointer_width = "32")]
const _: () = assert!(core::mem::size_of::<SAFEARRAY>() == 24);

/// Allocated on the stack.
pub const FADF_AUTO: u16 = 0x0001;
/// Allocated statically.
pub const FADF_STATIC: u16 = 0x0002;
/// Embedded in a structure.
pub const FADF_EMBEDDED: u16 = 0x0004;
/// May not be resized or reallocated.
pub const FADF_FIXEDSIZE: u16 = 0x0010;
/// Elements are records (IRecordInfo kept before the descriptor).
pub const FADF_RECORD: u16 = 0x0020;
/// An IID is kept before the descriptor (interface arrays).
pub const FADF_HAVEIID: u16 = 0x0040;
/// A VARTYPE is kept in the 4 bytes before the descriptor.
pub const FADF_HAVEVARTYPE: u16 = 0x0080;
/// Elements are BSTRs.
pub const FADF_BSTR: u16 = 0x0100;
/// Elements are IUnknown pointers.
pub const FADF_UNKNOWN: u16 = 0x0200;
/// Elements are IDispatch pointers.
pub const FADF_DISPATCH: u16 = 0x0400;
/// Elements are VARIANTs.
pub const FADF_VARIANT: u16 = 0x0800;
/// Reserved bits.
pub const FADF_RESERVED: u16 = 0xF008;
/// oleaut32-internal: a vector's data was destroyed (the block stays with the descriptor).
pub const FADF_DATADELETED: u16 = 0x1000;
/// oleaut32-internal: made by SafeArrayCreateVector, descriptor and data in one block.
pub const FADF_CREATEVECTOR: u16 = 0x2000;
