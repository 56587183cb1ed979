use comtypes::interfaces::IDispatch;
use comtypes::{Error, Variant};

/// Reads from a Variant, but has no way back into one.
struct Celsius(f64);

impl TryFrom<&Variant> for Celsius {
    type Error = Error;
    fn try_from(value: &Variant) -> Result<Self, Error> {
        f64::try_from(value).map(Celsius)
    }
}

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    fn warm(&self, t: &mut Celsius) {
        t.0 += 1.0;
    }
}

fn main() {}
