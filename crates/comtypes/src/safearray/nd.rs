//! Feature `ndarray`: zero-copy `ndarray` views of a locked SAFEARRAY's data, and
//! SAFEARRAYs from any ndarray.
//!
//! A SAFEARRAY is column-major (the first index varies fastest), so the view of an
//! array of shape `[d0, d1, d2, ...]` has strides `[1, d0, d0*d1, ...]` elements; the
//! view is indexed first dimension first, counted from 0 whatever the lower bounds.
//! The view's element is [`SafeArrayElement::Stored`], the cell as it lies in memory, as
//! for the lock guards' slices: `f64` for `f64`, `i16` (`VARIANT_BOOL`) for `bool`, the
//! ABI [`DECIMAL`](crate::decimal::DECIMAL) for [`Decimal`](crate::Decimal), and
//! [`Bstr`](crate::Bstr) / [`Variant`](crate::Variant) themselves for strings and
//! variants (writing through a mutable view frees the old value, as the slice does).

use super::{SafeArray, SafeArrayData, SafeArrayDataMut, SafeArrayElement};
use crate::hresult::E_INVALIDARG;
use crate::{Error, Result};
use ndarray::{ArrayBase, ArrayD, ArrayViewD, ArrayViewMutD, Data, Dimension, IxDyn, ShapeBuilder};

/// A locked [`SafeArray`] seen as an `ndarray` view (no copy); unlocks on drop.
///
/// The guard is not itself the view so that no view can outlive the lock: call
/// [`view`](Self::view), whose result borrows the guard.
///
/// ```
/// use comtypes::safearray::SafeArray;
/// use ndarray::Ix2;
/// let a = SafeArray::from_nested(vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]])?;
/// let locked = a.view()?;
/// let v = locked.view().into_dimensionality::<Ix2>().expect("2 dimensions");
/// assert_eq!(v.shape(), &[2, 3]);
/// assert_eq!(v.strides(), &[1, 2], "column-major");
/// assert_eq!(v[[1, 2]], 6.0);
/// assert_eq!(v.row(0).to_vec(), vec![1.0, 2.0, 3.0]);
/// assert_eq!(v.sum(), 21.0);
/// # Ok::<(), comtypes::Error>(())
/// ```
pub struct SafeArrayView<'a, T: SafeArrayElement> {
    data: SafeArrayData<'a, T>,
    dim: IxDyn,
}

/// A locked [`SafeArray`] seen as a mutable `ndarray` view (no copy); unlocks on drop.
///
/// ```
/// use comtypes::safearray::SafeArray;
/// let mut a = SafeArray::<i32>::zeroed(&[2, 3])?;
/// {
///     let mut locked = a.view_mut()?;
///     let mut v = locked.view_mut();
///     v[[1, 2]] = 7;
///     v.index_axis_mut(ndarray::Axis(1), 0).fill(1); // column 0
/// }
/// assert_eq!(a.to_nested()?, vec![vec![1, 0, 0], vec![1, 0, 7]]);
/// # Ok::<(), comtypes::Error>(())
/// ```
pub struct SafeArrayViewMut<'a, T: SafeArrayElement> {
    data: SafeArrayDataMut<'a, T>,
    dim: IxDyn,
}

/// The shape of an array, first dimension first, as an ndarray dimension (no heap
/// allocation up to 4 dimensions).
fn dim_of<T: SafeArrayElement>(array: &SafeArray<T>) -> Result<IxDyn> {
    let raw = array.raw_bounds();
    if raw.is_empty() {
        return Err(Error::new(
            E_INVALIDARG,
            "a SAFEARRAY without dimensions has no ndarray view",
        ));
    }
    let mut dim = IxDyn::zeros(raw.len());
    for (slot, b) in dim.slice_mut().iter_mut().zip(raw.iter().rev()) {
        *slot = b.cElements as usize;
    }
    Ok(dim)
}

impl<T: SafeArrayElement> SafeArrayView<'_, T> {
    /// The data as a column-major `ndarray` view, borrowing this guard.
    pub fn view(&self) -> ArrayViewD<'_, T::Stored> {
        let ptr = self.data.as_slice().as_ptr();
        // SAFETY: the array stays locked while `self` lives, so its `len` cells at `ptr`
        // (dangling only when `len` is 0) are initialised and do not move; `dim` is the
        // array's shape, whose element count is `len` (checked by `lock`), and Fortran
        // order over it addresses exactly those cells. The view borrows `self`.
        unsafe { ArrayViewD::from_shape_ptr(self.dim.clone().f(), ptr) }
    }

    /// The shape, first dimension first.
    pub fn shape(&self) -> &[usize] {
        self.dim.slice()
    }

    /// The data as a column-major slice.
    pub fn as_slice(&self) -> &[T::Stored] {
        self.data.as_slice()
    }
}

impl<T: SafeArrayElement> SafeArrayViewMut<'_, T> {
    /// The data as a column-major read-only view, borrowing this guard.
    pub fn view(&self) -> ArrayViewD<'_, T::Stored> {
        let ptr = self.data.as_slice().as_ptr();
        // SAFETY: as SafeArrayView::view.
        unsafe { ArrayViewD::from_shape_ptr(self.dim.clone().f(), ptr) }
    }

    /// The data as a column-major mutable view, borrowing this guard exclusively.
    pub fn view_mut(&mut self) -> ArrayViewMutD<'_, T::Stored> {
        let ptr = self.data.as_mut_slice().as_mut_ptr();
        // SAFETY: as SafeArrayView::view; the guard holds `&mut SafeArray`, and the view
        // borrows the guard mutably, so it is the only access to the cells. Fortran
        // strides over the shape never address a cell twice.
        unsafe { ArrayViewMutD::from_shape_ptr(self.dim.clone().f(), ptr) }
    }

    /// The shape, first dimension first.
    pub fn shape(&self) -> &[usize] {
        self.dim.slice()
    }
}

impl<T: SafeArrayElement> SafeArray<T> {
    /// Locks the array and gives its data as an `ndarray` view (no copy, constant time),
    /// column-major, indexed from 0 first dimension first. Feature `ndarray`.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// // Lower bounds do not shift the view: it is indexed from 0.
    /// let a = SafeArray::from_column_major(&[(1, 2), (-1, 2)], [1u8, 2, 3, 4])?;
    /// let locked = a.view()?;
    /// assert_eq!(locked.view()[[1, 0]], 2);
    /// assert_eq!(locked.view()[[0, 1]], 3);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn view(&self) -> Result<SafeArrayView<'_, T>> {
        let dim = dim_of(self)?;
        let data = self.lock()?;
        Ok(SafeArrayView { data, dim })
    }

    /// Locks the array and gives its data as a mutable `ndarray` view (no copy).
    /// Feature `ndarray`.
    pub fn view_mut(&mut self) -> Result<SafeArrayViewMut<'_, T>> {
        let dim = dim_of(self)?;
        let data = self.lock_mut()?;
        Ok(SafeArrayViewMut { data, dim })
    }

    /// A SAFEARRAY holding copies of an ndarray's elements, of the same shape, every lower
    /// bound 0. Any layout is accepted (C or Fortran order, sliced with steps,
    /// transposed, broadcast); the copy is laid out column-major. Feature `ndarray`.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// use ndarray::{array, s};
    /// let m = array![[1, 2, 3], [4, 5, 6]];
    /// let a = SafeArray::from_ndarray(&m)?;
    /// assert_eq!(a.shape(), vec![2, 3]);
    /// assert_eq!(a.get(&[1, 0])?, 4);
    /// assert_eq!(a.to_vec()?, vec![1, 4, 2, 5, 3, 6]);
    /// // Not contiguous: every other column, transposed.
    /// let t = SafeArray::from_ndarray(&m.slice(s![.., ..;2]).t())?;
    /// assert_eq!(t.to_nested()?, vec![vec![1, 4], vec![3, 6]]);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_ndarray<S, D>(array: &ArrayBase<S, D>) -> Result<Self>
    where
        S: Data<Elem = T>,
        D: Dimension,
        T: Clone,
    {
        Self::from_ndarray_with_lower_bounds(array, &vec![0; array.ndim()])
    }

    /// Like [`from_ndarray`](Self::from_ndarray) with a lower bound for each dimension,
    /// first dimension first. Feature `ndarray`.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// let a = SafeArray::from_ndarray_with_lower_bounds(&ndarray::arr1(&[7.5, 8.5]), &[1])?;
    /// assert_eq!(a.bounds(), vec![(1, 2)]);
    /// assert_eq!(a.get(&[2])?, 8.5);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn from_ndarray_with_lower_bounds<S, D>(
        array: &ArrayBase<S, D>,
        lower_bounds: &[i32],
    ) -> Result<Self>
    where
        S: Data<Elem = T>,
        D: Dimension,
        T: Clone,
    {
        if lower_bounds.len() != array.ndim() {
            return Err(Error::new(
                E_INVALIDARG,
                format!(
                    "{} lower bounds given for an ndarray of {} dimensions",
                    lower_bounds.len(),
                    array.ndim()
                ),
            ));
        }
        let bounds = array
            .shape()
            .iter()
            .zip(lower_bounds)
            .map(|(&n, &lower)| {
                u32::try_from(n).map(|n| (lower, n)).map_err(|_| {
                    Error::new(
                        E_INVALIDARG,
                        "a SAFEARRAY dimension holds at most 2^32-1 elements",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut out = Self::with_bounds(&bounds)?;
        {
            let mut data = out.lock_mut()?;
            // Column-major order of `array` is row-major order of its transpose; a
            // Fortran-contiguous input makes this a plain slice walk.
            for (slot, item) in data.as_mut_slice().iter_mut().zip(array.t().iter()) {
                *slot = item.clone().into_stored();
            }
        }
        Ok(out)
    }

    /// A copy of the elements as an owned ndarray of the same shape (column-major
    /// memory, indexed from 0). Feature `ndarray`.
    ///
    /// ```
    /// use comtypes::safearray::SafeArray;
    /// let a = SafeArray::from_nested(vec![vec![true, false], vec![false, false]])?;
    /// let m = a.to_ndarray()?;
    /// assert_eq!(m, ndarray::arr2(&[[true, false], [false, false]]).into_dyn());
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn to_ndarray(&self) -> Result<ArrayD<T>> {
        let dim = dim_of(self)?;
        let items = self.to_vec()?;
        ArrayD::from_shape_vec(dim.f(), items).map_err(|e| {
            Error::new(
                E_INVALIDARG,
                format!("the SAFEARRAY's shape does not fit its data: {e}"),
            )
        })
    }
}
