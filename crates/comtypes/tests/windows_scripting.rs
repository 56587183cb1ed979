//! Real scripting engines call a Rust object: MSScriptControl.ScriptControl runs VBScript
//! and then JScript that get our `#[dispatch]` object through AddObject, call its methods
//! and properties, pass it strings, numbers, dates, arrays and objects, iterate it with
//! For Each / Enumerator, and catch an error it raises (Err.Number, Err.Description).
//! Run with `cargo xtask wine-test -p comtypes --test windows_scripting`; natively this
//! file compiles to nothing (the engines are Windows components).
#![cfg(windows)]

use comtypes::hresult::E_FAIL;
use comtypes::interfaces::IDispatch;
use comtypes::{dispatch, implement, Apartment, Date, Dispatch, Error, Result, Variant};
use std::cell::{Cell, RefCell};

/// The object the scripts see as `host`.
#[implement(IDispatch)]
#[derive(Default)]
struct Host {
    name: RefCell<String>,
    calls: Cell<u32>,
    items: RefCell<Vec<i32>>,
}

#[dispatch]
impl Host {
    fn add(&self, a: f64, #[default(1.0)] b: f64) -> f64 {
        self.calls.set(self.calls.get() + 1);
        a + b
    }

    fn make_date(&self, y: i32, m: u32, d: u32) -> Result<Date> {
        Date::from_ymd_hms(y, m, d, 0, 0, 0)
    }

    fn concat(&self, a: String, b: String) -> String {
        format!("{a}{b}")
    }

    /// The parts of a date, as "y-m-d".
    fn date_parts(&self, when: Date) -> Result<String> {
        let (y, m, d, ..) = when.to_parts()?;
        Ok(format!("{y}-{m}-{d}"))
    }

    /// The sum of an array's elements, whatever their types.
    fn sum(&self, values: Vec<Variant>) -> Result<f64> {
        values.iter().map(f64::try_from).sum()
    }

    /// How many items a script object has (its `length`), read back late-bound.
    fn length_of(&self, object: Dispatch) -> Result<i32> {
        i32::try_from(object.get("length")?)
    }

    /// The `Name` of an object the script passes (our own object, passed back in).
    fn name_of(&self, object: Dispatch) -> Result<String> {
        String::try_from(object.get("Name")?)
    }

    #[dispatch(propget)]
    fn get_name(&self) -> String {
        self.name.borrow().clone()
    }

    #[dispatch(propput)]
    fn set_name(&self, value: String) {
        *self.name.borrow_mut() = value;
    }

    fn push(&self, value: i32) {
        self.items.borrow_mut().push(value);
    }

    #[dispatch(new_enum)]
    fn items(&self) -> Vec<i32> {
        self.items.borrow().clone()
    }

    fn fail(&self, why: String) -> Result<()> {
        Err(Error::new(E_FAIL, why))
    }

    /// `[in, out]`: VBScript passes variables ByRef.
    fn bump(&self, n: &mut i32, by: i32) {
        *n += by;
    }

    fn shout(&self, text: &mut String) {
        *text = text.to_uppercase();
    }
}

fn script_control(language: &str, host: &IDispatch) -> Result<Dispatch> {
    let control = Dispatch::create("MSScriptControl.ScriptControl")?;
    control.put("Language", language)?;
    control.call("AddObject", ("host", Variant::from(host.clone()), true))?;
    Ok(control)
}

fn eval(control: &Dispatch, expression: &str) -> Result<Variant> {
    control.call("Eval", (expression,))
}

const VBSCRIPT: &str = r#"
Function Main()
    host.Name = "vb"
    Main = host.add(2, 3) + host.add(10)
End Function

Function Strings()
    Strings = host.concat("Hello, ", "world")
End Function

Function Dates()
    Dates = host.date_parts(DateSerial(2024, 3, 15)) & "|" & Year(host.make_date(2025, 1, 2))
End Function

Function Arrays()
    Arrays = host.sum(Array(1, 2.5, "3"))
End Function

Function Objects()
    Objects = host.name_of(host)
End Function

Function Iterate()
    Dim v, s
    s = 0
    For Each v In host
        s = s + v
    Next
    Iterate = s
End Function

Function InOut()
    Dim n, s, kept
    n = 40
    host.bump n, 2
    s = "quiet"
    host.shout s
    kept = 1
    host.bump (kept), 5
    InOut = n & "|" & s & "|" & kept
End Function

Function Catch()
    On Error Resume Next
    host.fail "the widget jammed"
    Catch = Err.Number & "|" & Err.Description
    Err.Clear
End Function
"#;

const JSCRIPT: &str = r#"
function main() { host.Name = "js"; return host.add(2, 3) + host.add(10); }
function strings() { return host.concat("Hello, ", "world"); }
function dates() {
    // A date from us becomes a JScript Date; one to us goes as text (Wine's JScript
    // lacks getVarDate) and is coerced to a DATE on our side.
    var d = new Date(host.make_date(2024, 3, 15));
    return d.getFullYear() + "/" + (d.getMonth() + 1) + "|" + host.date_parts("2024-03-15");
}
function objects() { return host.name_of(host) + ":" + host.length_of([1, 2, 3]); }
function iterate() {
    var s = 0;
    for (var e = new Enumerator(host); !e.atEnd(); e.moveNext()) s += e.item();
    return s;
}
function catchIt() {
    try { host.fail("the widget jammed"); return "no error"; }
    catch (e) { return e.number + "|" + e.description; }
}
"#;

/// Calls a script function by evaluating `name()` (ScriptControl's Run takes its
/// arguments as a vararg SAFEARRAY, which Eval spares us).
fn run(control: &Dispatch, procedure: &str) -> Result<Variant> {
    eval(control, &format!("{procedure}()"))
}

fn text(v: Variant) -> String {
    String::try_from(&v).unwrap_or_else(|e| panic!("{v:?} is not text: {e}"))
}

fn number(v: Variant) -> f64 {
    f64::try_from(&v).unwrap_or_else(|e| panic!("{v:?} is not a number: {e}"))
}

/// What scripts see as Err.Number for our E_FAIL: the SCODE as a signed 32-bit number.
const E_FAIL_NUMBER: i32 = E_FAIL.0;

#[test]
fn vbscript_calls_a_rust_object() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let host = Host::default();
    let host: IDispatch = host.into();
    let control = script_control("VBScript", &host)?;
    control.call("AddCode", (VBSCRIPT,))?;

    assert_eq!(number(run(&control, "Main")?), 16.0, "2+3 and 10+default 1");
    assert_eq!(
        text(eval(&control, "host.Name")?),
        "vb",
        "the property put reached us"
    );
    assert_eq!(text(run(&control, "Strings")?), "Hello, world");
    assert_eq!(text(run(&control, "Dates")?), "2024-3-15|2025");
    assert_eq!(
        number(run(&control, "Arrays")?),
        6.5,
        "Array(1, 2.5, \"3\") summed with coercion"
    );
    assert_eq!(
        text(run(&control, "Objects")?),
        "vb",
        "our object passed back to us as an argument"
    );

    for v in [4, 5, 6] {
        control.call("ExecuteStatement", (format!("host.push {v}"),))?;
    }
    assert_eq!(
        number(run(&control, "Iterate")?),
        15.0,
        "For Each over _NewEnum"
    );
    assert_eq!(
        text(run(&control, "Catch")?),
        format!("{E_FAIL_NUMBER}|the widget jammed")
    );
    assert_eq!(
        text(run(&control, "InOut")?),
        "42|QUIET|1",
        "ByRef variables written back; a parenthesised one is passed by value"
    );

    // An error the script does not catch fails the call, and the control's Error object
    // holds our code and description (Wine's control answers E_FAIL for the call
    // itself; Windows' raises the script error).
    let err = eval(&control, "host.fail(\"unhandled\")").unwrap_err();
    assert!(err.code().is_err());
    let error = control.get("Error")?.to_dispatch()?;
    assert_eq!(i32::try_from(error.get("Number")?)?, E_FAIL_NUMBER);
    assert_eq!(String::try_from(error.get("Description")?)?, "unhandled");
    Ok(())
}

#[test]
fn jscript_calls_a_rust_object() -> Result<()> {
    let _apartment = Apartment::single_threaded()?;
    let host: IDispatch = Host::default().into();
    let control = script_control("JScript", &host)?;
    control.call("AddCode", (JSCRIPT,))?;

    assert_eq!(number(run(&control, "main")?), 16.0);
    assert_eq!(text(eval(&control, "host.Name")?), "js");
    assert_eq!(text(run(&control, "strings")?), "Hello, world");
    assert_eq!(text(run(&control, "dates")?), "2024/3|2024-3-15");
    assert_eq!(
        text(run(&control, "objects")?),
        "js:3",
        "our object and a JScript array, both as objects"
    );
    for v in [1, 2, 3, 4] {
        control.call("ExecuteStatement", (format!("host.push({v})"),))?;
    }
    assert_eq!(
        number(run(&control, "iterate")?),
        10.0,
        "Enumerator over _NewEnum"
    );
    assert_eq!(
        text(run(&control, "catchIt")?),
        format!("{E_FAIL_NUMBER}|the widget jammed")
    );
    Ok(())
}
