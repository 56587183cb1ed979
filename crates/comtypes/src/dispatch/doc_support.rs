//! A small automation object for the documentation's examples (which run natively and
//! under Wine, where no system component is the same on both). Written with
//! `#[dispatch]`, as users write theirs. Not part of the API.

use crate::hresult::{DISP_E_BADINDEX, DISP_E_DIVBYZERO, DISP_E_OVERFLOW};
use crate::variant::VariantRef;
use crate::{dispatch, implement, Apartment, Error, IDispatch, Result, Variant};
use std::rc::Rc;
use std::sync::Mutex;

use super::Dispatch;

/// Runs `body` with a [`Calculator`] in a multithreaded apartment.
pub fn calculator(body: impl FnOnce(Dispatch) -> Result<()>) -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    body(Dispatch::new(Calculator::new().into()))
}

/// Members: `Name` (the default member, read/write), `Add(a, [b])`,
/// `Divide(dividend, divisor, [out] quotient)` returning the remainder, `Memory(i)` (an
/// indexed property of 8 cells), `Self`, `Parent` (assigned by reference), `Count`,
/// `Item(i)` and `_NewEnum` over the items 1, 2, 3.
#[implement(IDispatch)]
pub struct Calculator {
    /// Shared with the calculators `Self` returns, which act as this one.
    state: Rc<Mutex<State>>,
}

struct State {
    name: String,
    memory: [i32; 8],
    parent: Option<IDispatch>,
}

const ITEMS: [i32; 3] = [1, 2, 3];

impl Calculator {
    /// A calculator named "calculator".
    pub fn new() -> Calculator {
        Calculator {
            state: Rc::new(Mutex::new(State {
                name: "calculator".into(),
                memory: [0; 8],
                parent: None,
            })),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cell(state: &mut State, index: i32) -> Result<&mut i32> {
        usize::try_from(index)
            .ok()
            .and_then(|i| state.memory.get_mut(i))
            .ok_or_else(|| Error::new(DISP_E_BADINDEX, format!("no memory cell {index}")))
    }
}

impl Default for Calculator {
    fn default() -> Self {
        Calculator::new()
    }
}

#[dispatch]
impl Calculator {
    #[dispatch(propget, value, name = "Name")]
    fn get_name(&self) -> String {
        self.state().name.clone()
    }

    #[dispatch(propput, name = "Name")]
    fn set_name(&self, value: String) {
        self.state().name = value;
    }

    #[dispatch(name = "Add")]
    fn add(&self, a: i32, #[default(0)] b: i32) -> Result<i32> {
        a.checked_add(b)
            .ok_or_else(|| Error::new(DISP_E_OVERFLOW, "the sum overflows"))
    }

    /// The remainder; the quotient goes to the by-reference third argument when given.
    #[dispatch(name = "Divide")]
    fn divide(&self, dividend: i32, divisor: i32, quotient: Option<&Variant>) -> Result<i32> {
        if divisor == 0 {
            return Err(Error::new(DISP_E_DIVBYZERO, "division by zero"));
        }
        if let Some(VariantRef::ByRef(out)) = quotient.map(Variant::get) {
            out.write(&Variant::from(dividend / divisor))?;
        }
        Ok(dividend % divisor)
    }

    #[dispatch(propget, name = "Memory")]
    fn memory(&self, index: i32) -> Result<i32> {
        Ok(*Self::cell(&mut self.state(), index)?)
    }

    #[dispatch(propput, name = "Memory")]
    fn set_memory(&self, index: i32, value: i32) -> Result<()> {
        *Self::cell(&mut self.state(), index)? = value;
        Ok(())
    }

    #[dispatch(propget, name = "Self")]
    fn this(&self) -> IDispatch {
        Calculator {
            state: Rc::clone(&self.state),
        }
        .into()
    }

    #[dispatch(propget, name = "Parent")]
    fn parent(&self) -> Option<IDispatch> {
        self.state().parent.clone()
    }

    #[dispatch(propputref, name = "Parent")]
    fn set_parent(&self, parent: IDispatch) {
        self.state().parent = Some(parent);
    }

    #[dispatch(propget, name = "Count")]
    fn count(&self) -> i32 {
        ITEMS.len() as i32
    }

    #[dispatch(name = "Item")]
    fn item(&self, index: i32) -> Result<i32> {
        usize::try_from(index)
            .ok()
            .and_then(|i| ITEMS.get(i).copied())
            .ok_or_else(|| Error::new(DISP_E_BADINDEX, format!("no item {index}")))
    }

    #[dispatch(new_enum)]
    fn items(&self) -> [i32; 3] {
        ITEMS
    }
}
