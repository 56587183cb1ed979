//! The quick start: declare an interface, implement it in Rust, register the class,
//! create it by ProgID, call it, and see an error with its description.
//!
//! Run it with `cargo run --example quickstart` (Linux, macOS or Windows).

use comtypes::hresult::E_INVALIDARG;
use comtypes::{
    create_object, implement, interface, register_class_fn, Apartment, Bstr, Error, Guid, IUnknown,
    Result, HRESULT,
};
use std::sync::Mutex;

/// A COM interface: an IID, a base, and methods in vtable order. `#[out]` pointers
/// become the `Ok` value of the generated wrapper methods.
#[interface("0E5A35C2-1D2F-4C8B-9B40-6F3C2D6A7E11")]
unsafe trait ICalculator: IUnknown {
    fn Add(&self, a: i32, b: i32, #[out] sum: *mut i32) -> HRESULT;
    fn Divide(&self, a: i32, b: i32, #[out] quotient: *mut i32) -> HRESULT;
    fn History(&self, #[out] text: *mut Bstr) -> HRESULT;
}

/// The Rust object behind it: any struct; interior mutability for state.
#[implement(ICalculator)]
#[derive(Default)]
struct Calculator {
    history: Mutex<Vec<String>>,
}

impl ICalculator_Impl for Calculator {
    fn Add(&self, a: i32, b: i32) -> Result<i32> {
        let sum = a
            .checked_add(b)
            .ok_or_else(|| Error::new(E_INVALIDARG, "the sum overflows an i32"))?;
        self.history
            .lock()
            .unwrap()
            .push(format!("{a} + {b} = {sum}"));
        Ok(sum)
    }
    fn Divide(&self, a: i32, b: i32) -> Result<i32> {
        if b == 0 {
            return Err(Error::new(
                E_INVALIDARG,
                format!("cannot divide {a} by zero"),
            ));
        }
        Ok(a / b)
    }
    fn History(&self) -> Result<Bstr> {
        Ok(self.history.lock().unwrap().join("; ").into())
    }
}

const CLSID_CALCULATOR: Guid = comtypes::guid!("6F1D8B52-3A7C-4E19-8C55-2B9A0E4D7F21");

fn main() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    println!("joined the multithreaded apartment");

    let _class = register_class_fn(&CLSID_CALCULATOR, Some("Quickstart.Calculator"), || {
        Ok(Calculator::default().into())
    })?;
    println!("registered {CLSID_CALCULATOR} as Quickstart.Calculator");

    let calculator: ICalculator = create_object("Quickstart.Calculator")?;
    println!("created Quickstart.Calculator by ProgID");

    println!("Add(40, 2) = {}", calculator.Add(40, 2)?);
    println!("Add(-7, 7) = {}", calculator.Add(-7, 7)?);
    println!("History() = {:?}", calculator.History()?.to_string());

    match calculator.Divide(1, 0) {
        Ok(q) => println!("Divide(1, 0) = {q}?!"),
        Err(e) => {
            println!("Divide(1, 0) failed as it should:");
            println!("  {e}");
            println!(
                "  HRESULT {:#010X}, description {:?}",
                e.code().0 as u32,
                e.description().unwrap_or("")
            );
        }
    }
    Ok(())
}
