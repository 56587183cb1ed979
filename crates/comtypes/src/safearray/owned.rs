//! `SafeArray<T>`: an owned SAFEARRAY of a known element type.

use super::{SafeArrayElement, SAFEARRAY, SAFEARRAYBOUND};
use crate::hresult::{DISP_E_BADINDEX, DISP_E_BADVARTYPE, E_INVALIDARG, E_OUTOFMEMORY};
use crate::{sys, Error, Result, HRESULT};
use core::ffi::c_void;
use core::marker::PhantomData;
use core::ptr::NonNull;

fn check(hr: HRESULT, what: &str) -> Result<()> {
    if hr.is_ok() {
        Ok(())
    } else {
        Err(Error::new(hr, what))
    }
}

/// An owned SAFEARRAY of `T`, of any number of dimensions, each with its lower bound.
///
/// Indices are given first dimension first, as to SafeArrayGetElement, and the data is
/// column-major: the first index varies fastest. Drop is SafeArrayDestroy, which also
/// frees the BSTRs, releases the interfaces and clears the VARIANTs the array owns. On
/// Windows the array comes from the system's oleaut32, so it can be handed to any
/// component ([`into_raw`](Self::into_raw)) or taken from one
/// ([`from_raw`](Self::from_raw)).
///
/// ```
/// use comtypes::safearray::SafeArray;
/// let mut a = SafeArray::from_nested(vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]])?;
/// assert_eq!(a.shape(), vec![2, 3]);
/// assert_eq!(a.get(&[1, 2])?, 6.0);
/// a.put(&[0, 1], 20.0)?;
/// // Column-major memory: (0,0) (1,0) (0,1) (1,1) ...
/// assert_eq!(a.to_vec()?, vec![1.0, 4.0, 20.0, 5.0, 3.0, 6.0]);
/// assert_eq!(a.to_nested()?, vec![vec![1.0, 20.0, 3.0], vec![4.0, 5.0, 6.0]]);
/// assert_eq!(a.get(&[2, 0]).unwrap_err().code(), comtypes::hresult::DISP_E_BADINDEX);
/// # Ok::<(), comtypes::Error>(())
/// ```
// Transparent over the non-null descriptor pointer: a `SafeArrayRef` (a borrowed
// `SAFEARRAY*`) can be read as a `&SafeArray<T>` once its type is checked.
#[repr(transparent)]
pub struct SafeArray<T: SafeArrayElement> {
    raw: NonNull<SAFEARRAY>,
    _marker: PhantomData<T>,
}

// SAFETY: the array exclusively owns its descriptor and elements; sending it sends them.
unsafe impl<T: SafeArrayElement + Send> Send for SafeArray<T> where T::Stored: Send {}
// SAFETY: shared access only reads (locks are counted atomically by oleaut32).
unsafe impl<T: SafeArrayElement + Sync> Sync for SafeArray<T> where T::Stored: Sync {}

impl<T: SafeArrayElement> SafeArray<T> {
    /// A zeroed array (0, empty strings, null interfaces, VT_EMPTY variants) with these
    /// bounds, given as `(lower bound, element count)` per dimension, first dimension first.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// let a = SafeArray::<i32>::with_bounds(&[(1, 3), (-1, 2)])?;
    /// assert_eq!(a.bounds(), vec![(1, 3), (-1, 2)]);
    /// assert_eq!(a.upper_bound(2)?, 0);
    /// assert_eq!(a.get(&[3, 0])?, 0);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn with_bounds(bounds: &[(i32, u32)]) -> Result<Self> {
        Self::with_vartype(T::VT, bounds)
    }

    /// A zeroed array of this shape, every lower bound 0.
    ///
    /// ```
    /// let a = comtypes::safearray::SafeArray::<u8>::zeroed(&[4])?;
    /// assert_eq!(a.to_vec()?, vec![0; 4]);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn zeroed(shape: &[usize]) -> Result<Self> {
        let bounds = shape
            .iter()
            .map(|&n| {
                u32::try_from(n).map(|n| (0, n)).map_err(|_| {
                    Error::new(
                        E_INVALIDARG,
                        "a SAFEARRAY dimension holds at most 2^32-1 elements",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Self::with_bounds(&bounds)
    }

    /// Like [`with_bounds`](Self::with_bounds) with another VARTYPE the element type
    /// accepts (`VT_INT` for `i32`, `VT_UINT` for `u32`).
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// use comtypes::variant::VT_INT;
    /// let a = SafeArray::<i32>::with_vartype(VT_INT, &[(0, 2)])?;
    /// assert_eq!(a.vartype()?, VT_INT);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn with_vartype(vt: u16, bounds: &[(i32, u32)]) -> Result<Self> {
        if !T::accepts(vt) {
            return Err(Error::new(
                DISP_E_BADVARTYPE,
                format!("VARTYPE {vt} cannot hold this element type"),
            ));
        }
        if bounds.is_empty() || bounds.len() > 0xffff {
            return Err(Error::new(
                E_INVALIDARG,
                "a SAFEARRAY has between 1 and 65535 dimensions",
            ));
        }
        let raw: Vec<SAFEARRAYBOUND> = bounds
            .iter()
            .map(|&(lower, count)| SAFEARRAYBOUND {
                cElements: count,
                lLbound: lower,
            })
            .collect();
        let mut cells = 1usize;
        for b in &raw {
            cells = cells.saturating_mul(b.cElements as usize);
        }
        if cells.saturating_mul(core::mem::size_of::<T::Stored>()) > u32::MAX as usize {
            return Err(Error::new(
                E_OUTOFMEMORY,
                "a SAFEARRAY's data is limited to 4 GiB",
            ));
        }
        // SAFETY: `raw` holds `raw.len()` bounds.
        let psa = unsafe { sys::SafeArrayCreate(vt, raw.len() as u32, raw.as_ptr()) };
        let array = NonNull::new(psa)
            .map(|raw| SafeArray {
                raw,
                _marker: PhantomData,
            })
            .ok_or_else(|| Error::new(E_OUTOFMEMORY, "SafeArrayCreate failed"))?;
        if array.element_size() as usize != core::mem::size_of::<T::Stored>() {
            return Err(Error::new(
                DISP_E_BADVARTYPE,
                "the element size does not match the element type",
            ));
        }
        Ok(array)
    }

    /// A one-dimensional array (lower bound 0) holding these elements.
    ///
    /// ```
    /// use comtypes::{safearray::SafeArray, Bstr};
    /// let a = SafeArray::from_vec(vec![Bstr::from("a"), Bstr::from("b\0c")])?;
    /// assert_eq!(a.get(&[1])?, "b\0c");
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_vec(items: Vec<T>) -> Result<Self> {
        let len = u32::try_from(items.len()).map_err(|_| {
            Error::new(
                E_INVALIDARG,
                "a SAFEARRAY dimension holds at most 2^32-1 elements",
            )
        })?;
        Self::from_column_major(&[(0, len)], items)
    }

    /// An array of these bounds filled from `items` in column-major order (first index
    /// fastest); `items` must yield exactly as many elements as the array has.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// let a = SafeArray::from_column_major(&[(1, 2), (1, 2)], 1..=4)?;
    /// assert_eq!(a.get(&[2, 1])?, 2);
    /// assert_eq!(a.get(&[1, 2])?, 3);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_column_major(
        bounds: &[(i32, u32)],
        items: impl IntoIterator<Item = T>,
    ) -> Result<Self> {
        let mut array = Self::with_bounds(bounds)?;
        {
            let mut data = array.lock_mut()?;
            let slots = data.as_mut_slice();
            let mut items = items.into_iter();
            for slot in slots.iter_mut() {
                let Some(item) = items.next() else {
                    return Err(Error::new(
                        E_INVALIDARG,
                        "fewer elements than the bounds ask for",
                    ));
                };
                *slot = item.into_stored();
            }
            if items.next().is_some() {
                return Err(Error::new(
                    E_INVALIDARG,
                    "more elements than the bounds ask for",
                ));
            }
        }
        Ok(array)
    }

    /// A two-dimensional array from rows: `rows[i][j]` is the element at `[i, j]`.
    /// Every row must have the same length.
    ///
    /// ```
    /// let a = comtypes::safearray::SafeArray::from_nested(vec![vec![1u8, 2], vec![3, 4]])?;
    /// assert_eq!(a.get(&[1, 0])?, 3);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_nested(rows: Vec<Vec<T>>) -> Result<Self> {
        let n0 = rows.len();
        let n1 = rows.first().map_or(0, Vec::len);
        if rows.iter().any(|r| r.len() != n1) {
            return Err(Error::new(E_INVALIDARG, "the rows differ in length"));
        }
        let bounds = [(0, to_u32(n0)?), (0, to_u32(n1)?)];
        // Column-major: for each j, every i.
        let mut columns: Vec<std::vec::IntoIter<T>> =
            rows.into_iter().map(Vec::into_iter).collect();
        let mut items = Vec::with_capacity(n0 * n1);
        for _ in 0..n1 {
            for row in columns.iter_mut() {
                items.extend(row.next());
            }
        }
        Self::from_column_major(&bounds, items)
    }

    /// A three-dimensional array: `v[i][j][k]` is the element at `[i, j, k]`.
    ///
    /// ```
    /// let a = comtypes::safearray::SafeArray::from_nested3(vec![vec![vec![1i16, 2]; 3]; 4])?;
    /// assert_eq!(a.shape(), vec![4, 3, 2]);
    /// assert_eq!(a.get(&[3, 2, 1])?, 2);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_nested3(v: Vec<Vec<Vec<T>>>) -> Result<Self> {
        let n0 = v.len();
        let n1 = v.first().map_or(0, Vec::len);
        let n2 = v.first().and_then(|p| p.first()).map_or(0, Vec::len);
        if v.iter()
            .any(|p| p.len() != n1 || p.iter().any(|r| r.len() != n2))
        {
            return Err(Error::new(
                E_INVALIDARG,
                "the nested vectors differ in length",
            ));
        }
        let bounds = [(0, to_u32(n0)?), (0, to_u32(n1)?), (0, to_u32(n2)?)];
        let mut cells: Vec<Option<T>> = Vec::with_capacity(n0 * n1 * n2);
        cells.resize_with(n0 * n1 * n2, || None);
        for (i, plane) in v.into_iter().enumerate() {
            for (j, row) in plane.into_iter().enumerate() {
                for (k, item) in row.into_iter().enumerate() {
                    cells[i + n0 * (j + n1 * k)] = Some(item);
                }
            }
        }
        Self::from_column_major(&bounds, cells.into_iter().flatten())
    }

    /// Takes ownership of a raw SAFEARRAY after checking its element type and size.
    ///
    /// # Safety
    /// `raw` must be a live SAFEARRAY that nobody else destroys.
    pub unsafe fn from_raw(raw: *mut SAFEARRAY) -> Result<Self> {
        let Some(raw) = NonNull::new(raw) else {
            return Err(Error::new(E_INVALIDARG, "null SAFEARRAY"));
        };
        let array = SafeArray {
            raw,
            _marker: PhantomData,
        };
        let vt = array.vartype()?;
        if !T::accepts(vt) || array.element_size() as usize != core::mem::size_of::<T::Stored>() {
            // Not ours to destroy after all: the caller keeps it.
            core::mem::forget(array);
            return Err(Error::new(
                crate::hresult::DISP_E_TYPEMISMATCH,
                format!("a SAFEARRAY of VARTYPE {vt} does not hold this element type"),
            ));
        }
        Ok(array)
    }

    /// The raw SAFEARRAY, still owned by `self`.
    pub fn as_raw(&self) -> *mut SAFEARRAY {
        self.raw.as_ptr()
    }

    /// The raw SAFEARRAY; the caller now owns it (free with SafeArrayDestroy).
    pub fn into_raw(self) -> *mut SAFEARRAY {
        let raw = self.raw.as_ptr();
        core::mem::forget(self);
        raw
    }

    /// The number of dimensions.
    pub fn dims(&self) -> usize {
        // SAFETY: a live array.
        unsafe { sys::SafeArrayGetDim(self.as_raw()) as usize }
    }

    /// The size of one element in bytes.
    pub fn element_size(&self) -> u32 {
        // SAFETY: a live array.
        unsafe { sys::SafeArrayGetElemsize(self.as_raw()) }
    }

    /// The VARTYPE of the elements.
    pub fn vartype(&self) -> Result<u16> {
        let mut vt = 0;
        // SAFETY: a live array; `vt` is writable.
        check(
            unsafe { sys::SafeArrayGetVartype(self.as_raw(), &mut vt) },
            "SafeArrayGetVartype",
        )?;
        Ok(vt)
    }

    /// The lower bound of dimension `dim` (1-based, as in SafeArrayGetLBound).
    pub fn lower_bound(&self, dim: usize) -> Result<i32> {
        let mut out = 0;
        let dim =
            u32::try_from(dim).map_err(|_| Error::new(DISP_E_BADINDEX, "no such dimension"))?;
        // SAFETY: a live array; `out` is writable.
        check(
            unsafe { sys::SafeArrayGetLBound(self.as_raw(), dim, &mut out) },
            "SafeArrayGetLBound",
        )?;
        Ok(out)
    }

    /// The upper bound of dimension `dim` (1-based); `lower - 1` when it is empty.
    pub fn upper_bound(&self, dim: usize) -> Result<i32> {
        let mut out = 0;
        let dim =
            u32::try_from(dim).map_err(|_| Error::new(DISP_E_BADINDEX, "no such dimension"))?;
        // SAFETY: a live array; `out` is writable.
        check(
            unsafe { sys::SafeArrayGetUBound(self.as_raw(), dim, &mut out) },
            "SafeArrayGetUBound",
        )?;
        Ok(out)
    }

    /// The descriptor's bounds as they lie in memory: **last** dimension first.
    pub(super) fn raw_bounds(&self) -> &[SAFEARRAYBOUND] {
        // SAFETY: a live array holds `cDims` bounds after its descriptor, which live as
        // long as the array (only `redim`, taking `&mut self`, changes them).
        unsafe {
            let psa = self.as_raw();
            core::slice::from_raw_parts(
                core::ptr::addr_of!((*psa).rgsabound) as *const SAFEARRAYBOUND,
                (*psa).cDims as usize,
            )
        }
    }

    /// `(lower bound, element count)` of each dimension, first dimension first.
    pub fn bounds(&self) -> Vec<(i32, u32)> {
        self.raw_bounds()
            .iter()
            .rev()
            .map(|b| (b.lLbound, b.cElements))
            .collect()
    }

    /// The element count of each dimension, first dimension first.
    pub fn shape(&self) -> Vec<usize> {
        self.raw_bounds()
            .iter()
            .rev()
            .map(|b| b.cElements as usize)
            .collect()
    }

    /// The total number of elements (0 for a descriptor without dimensions).
    pub fn len(&self) -> usize {
        self.cell_count().unwrap_or(usize::MAX)
    }

    /// The number of cells, without allocating; `None` if it overflows `usize` (never
    /// for an array oleaut32 made: its data is limited to 4 GiB).
    fn cell_count(&self) -> Option<usize> {
        let bounds = self.raw_bounds();
        if bounds.is_empty() {
            return Some(0);
        }
        bounds
            .iter()
            .try_fold(1usize, |n, b| n.checked_mul(b.cElements as usize))
    }

    /// True when some dimension is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A pointer to the cell at these indices, checked (DISP_E_BADINDEX when outside
    /// the bounds, E_INVALIDARG when the number of indices is not the number of dimensions).
    fn cell(&self, indices: &[i32]) -> Result<*mut T::Stored> {
        if indices.len() != self.dims() {
            return Err(Error::new(
                E_INVALIDARG,
                format!(
                    "{} indices given for an array of {} dimensions",
                    indices.len(),
                    self.dims()
                ),
            ));
        }
        let mut out: *mut c_void = core::ptr::null_mut();
        // SAFETY: a live array; `indices` holds one index per dimension.
        let hr = unsafe { sys::SafeArrayPtrOfIndex(self.as_raw(), indices.as_ptr(), &mut out) };
        if hr.is_err() {
            return Err(Error::new(
                hr,
                format!(
                    "index {indices:?} is outside the bounds {:?}",
                    self.bounds()
                ),
            ));
        }
        Ok(out as *mut T::Stored)
    }

    /// A copy of the element at these indices (first dimension first).
    pub fn get(&self, indices: &[i32]) -> Result<T> {
        let data = self.lock()?;
        let cell = self.cell(indices)?;
        // SAFETY: the cell lies inside the locked data and holds a valid `Stored`.
        let value = T::from_stored(unsafe { &*cell });
        drop(data);
        Ok(value)
    }

    /// Replaces the element at these indices (the old one is freed/released/cleared).
    pub fn put(&mut self, indices: &[i32], value: T) -> Result<()> {
        let data = self.lock()?;
        let cell = self.cell(indices)?;
        // SAFETY: the cell lies inside the data, which `&mut self` lets us change; the
        // assignment drops the old element.
        unsafe { *cell = value.into_stored() };
        drop(data);
        Ok(())
    }

    /// Locks the array and borrows its data as a slice (column-major, no copy).
    ///
    /// ```
    /// let a = comtypes::safearray::SafeArray::from_vec(vec![1.5f64, 2.5])?;
    /// let data = a.lock()?;
    /// assert_eq!(data.iter().sum::<f64>(), 4.0);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn lock(&self) -> Result<SafeArrayData<'_, T>> {
        let mut ptr: *mut c_void = core::ptr::null_mut();
        // SAFETY: a live array; `ptr` is writable.
        check(
            unsafe { sys::SafeArrayAccessData(self.as_raw(), &mut ptr) },
            "SafeArrayAccessData",
        )?;
        // From here on the guard owns the lock: an early return unlocks.
        let mut guard = SafeArrayData {
            array: self,
            ptr: NonNull::dangling().as_ptr(),
            len: 0,
        };
        let Some(len) = self.cell_count() else {
            return Err(Error::new(
                E_INVALIDARG,
                "the SAFEARRAY's element count overflows the address space",
            ));
        };
        if len != 0 {
            if ptr.is_null() {
                return Err(Error::new(
                    E_INVALIDARG,
                    "the SAFEARRAY has elements but no data (SafeArrayAllocData never ran)",
                ));
            }
            guard.ptr = ptr.cast();
            guard.len = len;
        }
        Ok(guard)
    }

    /// Locks the array and borrows its data as a mutable slice (no copy).
    ///
    /// ```
    /// let mut a = comtypes::safearray::SafeArray::from_vec(vec![1i32, 2, 3])?;
    /// a.lock_mut()?.iter_mut().for_each(|x| *x *= 10);
    /// assert_eq!(a.to_vec()?, vec![10, 20, 30]);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn lock_mut(&mut self) -> Result<SafeArrayDataMut<'_, T>> {
        let data = self.lock()?;
        let (ptr, len) = (data.ptr, data.len);
        core::mem::forget(data);
        Ok(SafeArrayDataMut {
            array: self,
            ptr,
            len,
        })
    }

    /// Every element, copied, in column-major order (first index fastest).
    pub fn to_vec(&self) -> Result<Vec<T>> {
        let data = self.lock()?;
        Ok(T::vec_from_stored(&data))
    }

    /// A two-dimensional array as rows: `result[i][j]` is the element at `[i, j]`
    /// (counted from the lower bounds).
    pub fn to_nested(&self) -> Result<Vec<Vec<T>>> {
        let shape = self.shape();
        if shape.len() != 2 {
            return Err(Error::new(
                E_INVALIDARG,
                format!(
                    "to_nested needs 2 dimensions, the array has {}",
                    shape.len()
                ),
            ));
        }
        let (n0, n1) = (shape[0], shape[1]);
        let data = self.lock()?;
        Ok((0..n0)
            .map(|i| (0..n1).map(|j| T::from_stored(&data[i + n0 * j])).collect())
            .collect())
    }

    /// A three-dimensional array as nested vectors: `result[i][j][k]` is `[i, j, k]`.
    pub fn to_nested3(&self) -> Result<Vec<Vec<Vec<T>>>> {
        let shape = self.shape();
        if shape.len() != 3 {
            return Err(Error::new(
                E_INVALIDARG,
                format!(
                    "to_nested3 needs 3 dimensions, the array has {}",
                    shape.len()
                ),
            ));
        }
        let (n0, n1, n2) = (shape[0], shape[1], shape[2]);
        let data = self.lock()?;
        Ok((0..n0)
            .map(|i| {
                (0..n1)
                    .map(|j| {
                        (0..n2)
                            .map(|k| T::from_stored(&data[i + n0 * (j + n1 * k)]))
                            .collect()
                    })
                    .collect()
            })
            .collect())
    }

    /// Changes the bounds of the **last** dimension (SafeArrayRedim): elements past a
    /// shrunk end are freed, new ones are zero. Fails with DISP_E_ARRAYISLOCKED while
    /// locked (which the borrow checker already rules out for guards of this array).
    ///
    /// ```
    /// let mut a = comtypes::safearray::SafeArray::from_vec(vec![1u16, 2, 3])?;
    /// a.redim(1, 5)?;
    /// assert_eq!(a.bounds(), vec![(1, 5)]);
    /// assert_eq!(a.to_vec()?, vec![1, 2, 3, 0, 0]);
    /// a.redim(0, 1)?;
    /// assert_eq!(a.to_vec()?, vec![1]);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn redim(&mut self, lower: i32, count: u32) -> Result<()> {
        let bound = SAFEARRAYBOUND {
            cElements: count,
            lLbound: lower,
        };
        // SAFETY: a live array we own; `bound` is readable.
        check(
            unsafe { sys::SafeArrayRedim(self.as_raw(), &bound) },
            "SafeArrayRedim",
        )
    }

    /// A deep copy (SafeArrayCopy: new BSTRs, AddRef'd interfaces, copied VARIANTs).
    ///
    /// ```
    /// let a = comtypes::safearray::SafeArray::from_vec(vec![comtypes::Bstr::from("x")])?;
    /// let b = a.try_clone()?;
    /// assert_eq!(b.to_vec()?, a.to_vec()?);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn try_clone(&self) -> Result<Self> {
        let mut out = core::ptr::null_mut();
        // SAFETY: a live array; `out` is writable.
        check(
            unsafe { sys::SafeArrayCopy(self.as_raw(), &mut out) },
            "SafeArrayCopy",
        )?;
        NonNull::new(out)
            .map(|raw| SafeArray {
                raw,
                _marker: PhantomData,
            })
            .ok_or_else(|| Error::new(E_OUTOFMEMORY, "SafeArrayCopy gave no array"))
    }
}

fn to_u32(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| {
        Error::new(
            E_INVALIDARG,
            "a SAFEARRAY dimension holds at most 2^32-1 elements",
        )
    })
}

impl<T: SafeArrayElement> Drop for SafeArray<T> {
    fn drop(&mut self) {
        // SAFETY: we own the array; no guard is alive (guards borrow `self`).
        unsafe { sys::SafeArrayDestroy(self.as_raw()) };
    }
}

impl<T: SafeArrayElement> core::fmt::Debug for SafeArray<T>
where
    T::Stored: core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut s = f.debug_struct("SafeArray");
        s.field("vt", &self.vartype().unwrap_or(0));
        s.field("bounds", &self.bounds());
        match self.lock() {
            Ok(data) => s.field("data", &&*data).finish(),
            Err(e) => s.field("data", &e).finish(),
        }
    }
}

/// The locked data of a [`SafeArray`], as a slice; unlocks on drop.
pub struct SafeArrayData<'a, T: SafeArrayElement> {
    array: &'a SafeArray<T>,
    ptr: *mut T::Stored,
    len: usize,
}

impl<T: SafeArrayElement> SafeArrayData<'_, T> {
    /// The elements, column-major.
    pub fn as_slice(&self) -> &[T::Stored] {
        // SAFETY: the array is locked (its data cannot move or be freed) and holds `len`
        // initialised cells at `ptr` (or `ptr` is dangling and `len` 0).
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T: SafeArrayElement> core::ops::Deref for SafeArrayData<'_, T> {
    type Target = [T::Stored];
    fn deref(&self) -> &[T::Stored] {
        self.as_slice()
    }
}

impl<T: SafeArrayElement> Drop for SafeArrayData<'_, T> {
    fn drop(&mut self) {
        // SAFETY: we hold one lock, taken by `lock`.
        unsafe { sys::SafeArrayUnaccessData(self.array.as_raw()) };
    }
}

/// The locked data of a [`SafeArray`], as a mutable slice; unlocks on drop.
pub struct SafeArrayDataMut<'a, T: SafeArrayElement> {
    array: &'a mut SafeArray<T>,
    ptr: *mut T::Stored,
    len: usize,
}

impl<T: SafeArrayElement> SafeArrayDataMut<'_, T> {
    /// The elements, column-major.
    pub fn as_slice(&self) -> &[T::Stored] {
        // SAFETY: as SafeArrayData::as_slice.
        unsafe { core::slice::from_raw_parts(self.ptr, self.len) }
    }
    /// The elements, column-major, writable (assigning drops the old element).
    pub fn as_mut_slice(&mut self) -> &mut [T::Stored] {
        // SAFETY: as above, and `&mut SafeArray` makes this the only access.
        unsafe { core::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl<T: SafeArrayElement> core::ops::Deref for SafeArrayDataMut<'_, T> {
    type Target = [T::Stored];
    fn deref(&self) -> &[T::Stored] {
        self.as_slice()
    }
}

impl<T: SafeArrayElement> core::ops::DerefMut for SafeArrayDataMut<'_, T> {
    fn deref_mut(&mut self) -> &mut [T::Stored] {
        self.as_mut_slice()
    }
}

impl<T: SafeArrayElement> Drop for SafeArrayDataMut<'_, T> {
    fn drop(&mut self) {
        // SAFETY: we hold one lock, taken by `lock_mut`.
        unsafe { sys::SafeArrayUnaccessData(self.array.as_raw()) };
    }
}
