//! Feature `ndarray`: zero-copy views of SAFEARRAY data with column-major strides, and
//! SAFEARRAYs from ndarrays of every layout (contiguous, sliced with steps, transposed,
//! broadcast), 1-D to 4-D.
#![cfg(feature = "ndarray")]

use comtypes::hresult::{E_INVALIDARG, E_POINTER};
use comtypes::safearray::{SafeArray, SafeArrayRef};
use comtypes::{Bstr, Currency, Decimal, Result, Variant};
use ndarray::{s, Array, ArrayD, Axis, Dimension, Ix2, Ix3, Ix4, IxDyn, ShapeBuilder};

fn code<T>(r: Result<T>) -> comtypes::HRESULT {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code(),
    }
}

/// The element at `index` (0-based, first dimension first), read the slow way:
/// SafeArrayPtrOfIndex through `get`, with the lower bounds added.
fn get_at<T: comtypes::safearray::SafeArrayElement>(
    a: &SafeArray<T>,
    index: &[usize],
) -> Result<T> {
    let idx: Vec<i32> = a
        .bounds()
        .iter()
        .zip(index)
        .map(|(&(lower, _), &i)| lower + i as i32)
        .collect();
    a.get(&idx)
}

/// Checks that `a` holds `m` element for element, through get() and through the view.
fn same(a: &SafeArray<f64>, m: &ArrayD<f64>) -> Result<()> {
    assert_eq!(a.shape(), m.shape());
    for (index, &x) in m.indexed_iter() {
        assert_eq!(get_at(a, index.slice())?, x, "at {index:?}");
    }
    let locked = a.view()?;
    assert_eq!(locked.view(), m.view());
    Ok(())
}

fn column_major_strides(shape: &[usize]) -> Vec<isize> {
    let mut strides = Vec::new();
    let mut step = 1isize;
    for &n in shape {
        strides.push(step);
        step *= n as isize;
    }
    strides
}

#[test]
fn views_have_column_major_strides_1d_to_4d() -> Result<()> {
    for shape in [
        vec![5],
        vec![2, 3],
        vec![2, 3, 4],
        vec![2, 3, 4, 5],
        vec![1, 7, 1, 2],
    ] {
        let n: usize = shape.iter().product();
        // Column-major data 0, 1, 2, ...: the cell at [i0, i1, ...] is i0 + d0*(i1 + ...).
        let bounds: Vec<(i32, u32)> = shape.iter().map(|&d| (-2, d as u32)).collect();
        let a = SafeArray::from_column_major(&bounds, (0..n).map(|i| i as f64))?;
        let locked = a.view()?;
        let v = locked.view();
        assert_eq!(v.shape(), shape.as_slice());
        assert_eq!(locked.shape(), shape.as_slice());
        let strides = column_major_strides(&shape);
        // Any stride is valid for an axis of length 1: compare the longer ones.
        for (axis, (&s, &d)) in v.strides().iter().zip(&shape).enumerate() {
            if d > 1 {
                assert_eq!(s, strides[axis], "shape {shape:?} axis {axis}");
            }
        }
        assert_eq!(v.as_ptr(), locked.as_slice().as_ptr(), "no copy");
        for (index, &x) in v.indexed_iter() {
            let linear: usize = index
                .slice()
                .iter()
                .zip(&strides)
                .map(|(&i, &s)| i * s as usize)
                .sum();
            assert_eq!(x, linear as f64);
            assert_eq!(get_at(&a, index.slice())?, x);
        }
        assert_eq!(v.sum(), (0..n).sum::<usize>() as f64);
    }
    Ok(())
}

#[test]
fn fixed_dimension_views() -> Result<()> {
    let a = SafeArray::from_column_major(&[(0, 2), (0, 3), (0, 2)], 0..12u32)?;
    let locked = a.view()?;
    let v3 = locked.view().into_dimensionality::<Ix3>().expect("3-D");
    assert_eq!(v3[[1, 2, 1]], 1 + 2 * 2 + 6);
    assert_eq!(v3.index_axis(Axis(2), 1).sum(), (6..12).sum::<u32>());
    assert!(locked.view().into_dimensionality::<Ix2>().is_err());
    let m = SafeArray::from_nested(vec![vec![1.0, 2.0], vec![3.0, 4.0]])?;
    let lm = m.view()?;
    let v2 = lm.view().into_dimensionality::<Ix2>().expect("2-D");
    assert_eq!(v2.dot(&v2), ndarray::arr2(&[[7.0, 10.0], [15.0, 22.0]]));
    Ok(())
}

#[test]
fn mutable_views_write_the_array() -> Result<()> {
    let mut a = SafeArray::<i64>::with_bounds(&[(1, 3), (1, 4)])?;
    {
        let mut locked = a.view_mut()?;
        assert_eq!(locked.shape(), &[3, 4]);
        assert_eq!(locked.view().sum(), 0);
        let mut v = locked.view_mut();
        for ((i, j), x) in v
            .view_mut()
            .into_dimensionality::<Ix2>()
            .expect("2-D")
            .indexed_iter_mut()
        {
            *x = (10 * i + j) as i64;
        }
        v.slice_mut(s![.., 3]).fill(-1);
    }
    assert_eq!(
        a.get(&[3, 2])?,
        21,
        "[2, 1] from 0 is [3, 2] from the lower bounds"
    );
    assert_eq!(a.get(&[2, 4])?, -1);
    assert_eq!(
        a.to_nested()?,
        vec![
            vec![0, 1, 2, -1],
            vec![10, 11, 12, -1],
            vec![20, 21, 22, -1]
        ]
    );
    // Strings through a mutable view: assigning frees the old one.
    let mut words = SafeArray::from_vec(vec![Bstr::from("a"), Bstr::from("b")])?;
    {
        let mut locked = words.view_mut()?;
        locked.view_mut()[[1]] = Bstr::from("changed");
    }
    assert_eq!(words.get(&[1])?, "changed");
    Ok(())
}

#[test]
fn from_contiguous_ndarrays_1d_to_4d() -> Result<()> {
    let v1 = Array::from_iter((0..7).map(f64::from)).into_dyn();
    let v2 = Array::from_shape_fn((3, 4), |(i, j)| (i * 10 + j) as f64).into_dyn();
    let v3 = Array::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 100 + j * 10 + k) as f64).into_dyn();
    let v4 = Array::from_shape_fn((2, 3, 2, 3), |(i, j, k, l)| {
        (i * 1000 + j * 100 + k * 10 + l) as f64
    })
    .into_dyn();
    for m in [&v1, &v2, &v3, &v4] {
        let a = SafeArray::from_ndarray(m)?;
        assert!(a.bounds().iter().all(|&(lower, _)| lower == 0));
        same(&a, m)?;
        // Fortran-order input too.
        let f = ArrayD::from_shape_vec(IxDyn(m.shape()).f(), m.t().iter().copied().collect())
            .expect("shape");
        assert_eq!(&f, m);
        same(&SafeArray::from_ndarray(&f)?, m)?;
        // Back out as an owned ndarray.
        assert_eq!(&a.to_ndarray()?, m);
    }
    // The 2-D one in memory: column-major.
    let a = SafeArray::from_ndarray(&v2)?;
    assert_eq!(&a.to_vec()?[..4], &[0.0, 10.0, 20.0, 1.0]);
    Ok(())
}

#[test]
fn from_non_contiguous_ndarrays() -> Result<()> {
    let base = Array::from_shape_fn((6, 8, 4, 3), |(i, j, k, l)| {
        (i * 1000 + j * 100 + k * 10 + l) as f64
    });
    // Sliced with steps (and a negative step), in every rank.
    let cases: Vec<ArrayD<f64>> = vec![
        base.slice(s![.., 1, 2, 0]).to_owned().into_dyn(),
        base.slice(s![..;2, 3, ..;-1, 1]).to_owned().into_dyn(),
        base.slice(s![1..;2, ..;3, .., 2]).to_owned().into_dyn(),
        base.slice(s![..;3, 1..7;2, ..;2, ..]).to_owned().into_dyn(),
    ];
    let views = [
        base.slice(s![.., 1, 2, 0]).into_dyn(),
        base.slice(s![..;2, 3, ..;-1, 1]).into_dyn(),
        base.slice(s![1..;2, ..;3, .., 2]).into_dyn(),
        base.slice(s![..;3, 1..7;2, ..;2, ..]).into_dyn(),
    ];
    for (view, expected) in views.iter().zip(&cases) {
        assert!(view.ndim() == 1 || !view.is_standard_layout());
        same(&SafeArray::from_ndarray(view)?, expected)?;
    }
    // Transposed, and axes permuted.
    let t = base.t();
    same(&SafeArray::from_ndarray(&t)?, &t.to_owned().into_dyn())?;
    let p = base.view().permuted_axes([2, 0, 3, 1]);
    same(&SafeArray::from_ndarray(&p)?, &p.to_owned().into_dyn())?;
    let m = base
        .index_axis(Axis(3), 0)
        .index_axis(Axis(2), 0)
        .to_owned();
    let mt = m.t();
    let a = SafeArray::from_ndarray(&mt)?;
    assert_eq!(a.shape(), vec![8, 6]);
    assert_eq!(a.get(&[3, 5])?, m[[5, 3]]);
    // Broadcast (stride 0).
    let row = ndarray::arr1(&[1.0, 2.0, 3.0]);
    let b = row.broadcast((2, 3)).expect("broadcast");
    let a = SafeArray::from_ndarray(&b)?;
    assert_eq!(a.to_nested()?, vec![vec![1.0, 2.0, 3.0]; 2]);
    // A SAFEARRAY made from a view of a SAFEARRAY's view.
    let src = SafeArray::from_ndarray(&base)?;
    let locked = src.view()?;
    let sub = locked.view().slice_move(s![2..4, ..;4, 1, ..]);
    let copy = SafeArray::from_ndarray(&sub)?;
    assert_eq!(copy.shape(), vec![2, 2, 3]);
    assert_eq!(copy.get(&[1, 1, 2])?, base[[3, 4, 1, 2]]);
    Ok(())
}

#[test]
fn other_element_types_and_lower_bounds() -> Result<()> {
    let flags = ndarray::arr2(&[[true, false, true], [false, false, true]]);
    let a = SafeArray::from_ndarray_with_lower_bounds(&flags.t(), &[1, -1])?;
    assert_eq!(a.bounds(), vec![(1, 3), (-1, 2)]);
    assert!(a.get(&[3, -1])?);
    assert!(!a.get(&[2, 0])?);
    let locked = a.view()?;
    assert_eq!(locked.view()[[2, 1]], -1i16, "VARIANT_BOOL cells");
    drop(locked);
    assert_eq!(a.to_ndarray()?, flags.t().to_owned().into_dyn());

    let amounts = ndarray::arr1(&[Currency::from_raw(1), Currency::from_raw(-2)]);
    let a = SafeArray::from_ndarray(&amounts.slice(s![..;-1]))?;
    assert_eq!(
        a.to_vec()?,
        vec![Currency::from_raw(-2), Currency::from_raw(1)]
    );
    let decimals = ndarray::arr1(&[Decimal::new(15, 1)?, Decimal::MAX]);
    let a = SafeArray::from_ndarray(&decimals)?;
    assert_eq!(a.view()?.view()[[0]].scale, 1, "DECIMAL cells");
    let variants = Array::from_shape_fn((2, 2), |(i, j)| Variant::from((i * 2 + j) as i32));
    let a = SafeArray::from_ndarray(&variants)?;
    let locked = a.view()?;
    assert_eq!(i32::try_from(&locked.view()[[1, 0]])?, 2);
    let words = Array::from_shape_fn((2, 1, 2), |(i, _, k)| Bstr::from(format!("{i}{k}")));
    let a = SafeArray::from_ndarray(&words.view().reversed_axes())?;
    assert_eq!(a.get(&[1, 0, 0])?, "01");

    assert_eq!(
        code(SafeArray::from_ndarray_with_lower_bounds(&flags, &[0])),
        E_INVALIDARG
    );
    let scalar = ndarray::arr0(1.0);
    assert_eq!(code(SafeArray::from_ndarray(&scalar)), E_INVALIDARG);
    Ok(())
}

#[test]
fn empty_arrays_and_borrowed_parameters() -> Result<()> {
    let empty = SafeArray::<f64>::with_bounds(&[(0, 3), (0, 0)])?;
    let locked = empty.view()?;
    assert_eq!(locked.view().shape(), &[3, 0]);
    assert_eq!(locked.view().len(), 0);
    drop(locked);
    let none = Array::<u8, Ix4>::zeros((2, 0, 3, 1));
    let a = SafeArray::from_ndarray(&none)?;
    assert_eq!(a.shape(), vec![2, 0, 3, 1]);
    assert!(a.to_ndarray()?.is_empty());

    fn total(values: SafeArrayRef<'_, f64>) -> Result<f64> {
        Ok(values.get()?.view()?.view().sum())
    }
    let grid = SafeArray::from_ndarray(&ndarray::arr2(&[[1.0, 2.0], [3.0, 4.0]]))?;
    assert_eq!(total(grid.borrow())?, 10.0);
    assert_eq!(code(total(SafeArrayRef::null())), E_POINTER);
    Ok(())
}
