//! `late!`: a chain of late-bound calls written as in Visual Basic,
//! `late!(fso.GetFolder(path).Files.Count)`.

use super::client::Dispatch;
use crate::{IDispatch, Result, Variant};

/// Something a [`late!`](crate::late) chain can start from or pass along: a
/// [`Dispatch`] (its DISPID cache is used), a [`Variant`] holding an object, an
/// [`IDispatch`], or a reference to one of them.
pub trait ChainTarget {
    /// Runs `f` on the object as a `Dispatch`.
    fn with_dispatch<R>(&self, f: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R>;
}

impl ChainTarget for Dispatch {
    fn with_dispatch<R>(&self, f: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R> {
        f(self)
    }
}

impl ChainTarget for Variant {
    fn with_dispatch<R>(&self, f: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R> {
        f(&self.to_dispatch()?)
    }
}

impl ChainTarget for IDispatch {
    fn with_dispatch<R>(&self, f: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R> {
        f(&Dispatch::new(self.clone()))
    }
}

impl<T: ChainTarget + ?Sized> ChainTarget for &T {
    fn with_dispatch<R>(&self, f: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R> {
        (**self).with_dispatch(f)
    }
}

/// The start of a `late!` chain.
#[doc(hidden)]
pub fn __chain_start<T: ChainTarget + ?Sized>(target: &T) -> Result<&T> {
    Ok(target)
}

/// One step of a `late!` chain: `f` on the previous step's object.
#[doc(hidden)]
pub fn __chain_step<T: ChainTarget, R>(
    previous: Result<T>,
    f: impl FnOnce(&Dispatch) -> Result<R>,
) -> Result<R> {
    previous?.with_dispatch(f)
}

/// A chain of late-bound calls, written as in Visual Basic; evaluates to
/// `Result<Variant>` (or `Result<()>` when it ends with an assignment).
///
/// `.Name` reads a property, `.Name(a, b)` calls a method (or reads an indexed
/// property) with arguments that convert into [`Variant`]s, and a final `.Name = value`
/// or `.Name(index) = value` assigns. Each step's object must be an automation object;
/// the first error ends the chain. The chain starts from an identifier or a
/// parenthesised expression: a [`Dispatch`], a [`Variant`] holding an object, or an
/// [`IDispatch`].
///
/// Named and by-reference arguments need [`Dispatch::invoke`].
///
/// ```
/// use comtypes::late;
/// # comtypes::dispatch::doc_support::calculator(|calc| {
/// assert_eq!(i32::try_from(late!(calc.Self.Self.Add(20, 22))?)?, 42);
/// late!(calc.Self.Name = "chained")?;
/// assert_eq!(String::try_from(late!(calc.Name)?)?, "chained");
/// late!(calc.Memory(2) = 7)?;
/// assert_eq!(i32::try_from(late!((calc.get("Self")?).Memory(2))?)?, 7);
/// let err = late!(calc.Name.Length).unwrap_err(); // a string has no members
/// assert_eq!(err.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
/// # Ok(()) })?;
/// # Ok::<(), comtypes::Error>(())
/// ```
#[macro_export]
macro_rules! late {
    (@step $acc:expr; . $name:ident = $value:expr) => {
        $crate::dispatch::__chain_step($acc, |d| d.put(::core::stringify!($name), $value))
    };
    (@step $acc:expr; . $name:ident ( $($arg:expr),+ $(,)? ) = $value:expr) => {
        $crate::dispatch::__chain_step($acc, |d| {
            d.put_indexed(
                ::core::stringify!($name),
                [$($crate::Variant::from($arg)),+],
                $value,
            )
        })
    };
    (@step $acc:expr; . $name:ident ( ) $($rest:tt)*) => {
        $crate::late!(@step
            $crate::dispatch::__chain_step($acc, |d| d.call(::core::stringify!($name), ()));
            $($rest)*)
    };
    (@step $acc:expr; . $name:ident ( $($arg:expr),+ $(,)? ) $($rest:tt)*) => {
        $crate::late!(@step
            $crate::dispatch::__chain_step($acc, |d| {
                d.call(::core::stringify!($name), [$($crate::Variant::from($arg)),+])
            });
            $($rest)*)
    };
    (@step $acc:expr; . $name:ident $($rest:tt)*) => {
        $crate::late!(@step
            $crate::dispatch::__chain_step($acc, |d| d.get(::core::stringify!($name)));
            $($rest)*)
    };
    (@step $acc:expr;) => {
        $acc
    };
    (( $target:expr ) $($rest:tt)+) => {
        $crate::late!(@step $crate::dispatch::__chain_start(&$target); $($rest)+)
    };
    ($target:ident $($rest:tt)+) => {
        $crate::late!(@step $crate::dispatch::__chain_start(&$target); $($rest)+)
    };
}
