//! `#[dispatch]`: Rust objects callable by name through IDispatch, checked at the raw
//! GetIDsOfNames / Invoke level, as scripting engines and late-binding clients call them.

use comtypes::hresult::{
    DISP_E_BADPARAMCOUNT, DISP_E_EXCEPTION, DISP_E_MEMBERNOTFOUND, DISP_E_PARAMNOTFOUND,
    DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME, E_FAIL, E_UNEXPECTED, S_FALSE, S_OK,
};
use comtypes::interfaces::{
    IDispatch, IEnumVARIANT, DISPATCH_METHOD, DISPATCH_PROPERTYGET, DISPATCH_PROPERTYPUT,
    DISPID_NEWENUM, DISPID_PROPERTYPUT, DISPID_UNKNOWN, DISPID_VALUE, DISPPARAMS, EXCEPINFO,
};
use comtypes::{
    dispatch, implement, interface, Error, Guid, IUnknown, Interface, Result, Variant, HRESULT,
};
use std::cell::{Cell, RefCell};

#[implement(IDispatch)]
#[derive(Default)]
struct Counter {
    count: Cell<i32>,
    name: RefCell<String>,
}

#[dispatch]
impl Counter {
    /// The default member.
    #[dispatch(value)]
    fn value(&self) -> i32 {
        self.count.get()
    }

    fn add(&self, a: i32, #[default(1)] b: i32) -> i32 {
        self.count.set(self.count.get() + a + b);
        self.count.get()
    }

    fn concat(&self, first: String, second: Option<String>) -> String {
        format!("{first}{}", second.unwrap_or_default())
    }

    #[dispatch(propget)]
    fn get_name(&self) -> String {
        self.name.borrow().clone()
    }

    #[dispatch(propput)]
    fn set_name(&self, value: String) {
        *self.name.borrow_mut() = value;
    }

    #[dispatch(name = "Fail")]
    fn fail_with(&self, text: String) -> Result<()> {
        Err(Error::new(E_FAIL, text))
    }

    #[dispatch(new_enum)]
    fn items(&self) -> Vec<i32> {
        (1..=self.count.get()).collect()
    }

    fn echo(&self, value: Variant) -> Variant {
        value
    }

    fn explode(&self) -> i32 {
        panic!("exploded")
    }

    /// All parameters required values: calls with exactly two positional arguments take
    /// the generated fast path, the others the general one.
    fn scale(&self, value: f64, factor: i32) -> f64 {
        value * f64::from(factor)
    }

    /// A name outside ASCII, matched without case like the others.
    #[dispatch(name = "Größe")]
    fn size(&self) -> i32 {
        42
    }

    /// Not exposed.
    #[dispatch(skip)]
    fn internal(&self) -> i32 {
        self.count.get() * 2
    }
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

fn ids(object: &IDispatch, names: &[&str]) -> (HRESULT, Vec<i32>) {
    let wides: Vec<Vec<u16>> = names.iter().map(|n| wide(n)).collect();
    let ptrs: Vec<*const u16> = wides.iter().map(|w| w.as_ptr()).collect();
    let mut out = vec![0i32; names.len()];
    // SAFETY: arrays of `names.len()` items.
    let hr = unsafe {
        (object.vtable().GetIDsOfNames)(
            object.as_raw(),
            &Guid::NULL,
            ptrs.as_ptr(),
            ptrs.len() as u32,
            0,
            out.as_mut_ptr(),
        )
    };
    (hr, out)
}

struct Outcome {
    hr: HRESULT,
    result: Variant,
    exception: EXCEPINFO,
    arg_error: u32,
}

/// Invoke with positional args (given first-to-last) and named args.
fn invoke(
    object: &IDispatch,
    id: i32,
    flags: u16,
    positional: Vec<Variant>,
    named: Vec<(i32, Variant)>,
) -> Outcome {
    // rgvarg: named first, then positional last-to-first.
    let mut names: Vec<i32> = named.iter().map(|(i, _)| *i).collect();
    let mut args: Vec<Variant> = named.into_iter().map(|(_, v)| v).collect();
    args.extend(positional.into_iter().rev());
    let mut params = DISPPARAMS {
        rgvarg: args.as_mut_ptr() as *mut _,
        rgdispidNamedArgs: names.as_mut_ptr(),
        cArgs: args.len() as u32,
        cNamedArgs: names.len() as u32,
    };
    let mut result = Variant::empty();
    let mut exception = EXCEPINFO::default();
    let mut arg_error = u32::MAX;
    // SAFETY: valid DISPPARAMS over live arrays; `result` is empty.
    let hr = unsafe {
        (object.vtable().Invoke)(
            object.as_raw(),
            id,
            &Guid::NULL,
            0,
            flags,
            &mut params,
            result.as_raw_mut(),
            &mut exception,
            &mut arg_error,
        )
    };
    Outcome {
        hr,
        result,
        exception,
        arg_error,
    }
}

fn counter() -> IDispatch {
    Counter::default().into()
}

#[test]
fn names_map_to_stable_dispids_case_insensitively() {
    let c = counter();
    let (hr, a) = ids(&c, &["add"]);
    assert_eq!(hr, S_OK);
    let (_, b) = ids(&c, &["ADD"]);
    assert_eq!(a, b);
    // Declaration order from 1, skipping the explicit ones: value=0, add=1, concat=2,
    // name=3 (get and put share it), Fail=4, _NewEnum=-4, echo=5, explode=6.
    assert_eq!(
        ids(
            &c,
            &["value", "add", "concat", "Name", "fail", "_newenum", "echo", "explode"]
        )
        .1[0],
        0
    );
    for (name, id) in [
        ("add", 1),
        ("concat", 2),
        ("name", 3),
        ("Fail", 4),
        ("_NewEnum", DISPID_NEWENUM),
        ("echo", 5),
        ("explode", 6),
    ] {
        assert_eq!(ids(&c, &[name]).1, vec![id], "{name}");
    }
    // Parameter names give their positions.
    assert_eq!(ids(&c, &["Add", "B", "a"]), (S_OK, vec![1, 1, 0]));
    // Unknown names.
    let (hr, out) = ids(&c, &["internal"]);
    assert_eq!(
        Counter::default().internal(),
        0,
        "still an ordinary Rust method"
    );
    assert_eq!((hr, out), (DISP_E_UNKNOWNNAME, vec![DISPID_UNKNOWN]));
    let (hr, out) = ids(&c, &["add", "zzz"]);
    assert_eq!(hr, DISP_E_UNKNOWNNAME);
    assert_eq!(out, vec![1, DISPID_UNKNOWN]);
    // No type information yet.
    let mut count = 7;
    // SAFETY: a valid out pointer.
    assert_eq!(
        unsafe { (c.vtable().GetTypeInfoCount)(c.as_raw(), &mut count) },
        S_OK
    );
    assert_eq!(count, 0);
}

#[test]
fn methods_with_default_and_optional_arguments() {
    let c = counter();
    let r = invoke(&c, 1, DISPATCH_METHOD, vec![10.into(), 5.into()], vec![]);
    assert_eq!(r.hr, S_OK);
    assert_eq!(i32::try_from(&r.result).unwrap(), 15);
    // `b` omitted: its default (1) applies; a "missing" marker counts as omitted too.
    let r = invoke(&c, 1, DISPATCH_METHOD, vec![4.into()], vec![]);
    assert_eq!(i32::try_from(&r.result).unwrap(), 20);
    let r = invoke(
        &c,
        1,
        DISPATCH_METHOD,
        vec![4.into(), Variant::missing()],
        vec![],
    );
    assert_eq!(i32::try_from(&r.result).unwrap(), 25);
    // Arguments are coerced like VariantChangeType: "7" -> 7, 2.5 -> 2.
    let r = invoke(
        &c,
        1,
        DISPATCH_METHOD,
        vec!["7".into(), 2.5f64.into()],
        vec![],
    );
    assert_eq!(i32::try_from(&r.result).unwrap(), 34);
    // Option<String> omitted is None.
    let r = invoke(&c, 2, DISPATCH_METHOD, vec!["a".into()], vec![]);
    assert_eq!(String::try_from(&r.result).unwrap(), "a");
    let r = invoke(
        &c,
        2,
        DISPATCH_METHOD,
        vec!["a".into(), 1.5f64.into()],
        vec![],
    );
    assert_eq!(String::try_from(&r.result).unwrap(), "a1.5");
}

#[test]
fn named_arguments_land_on_their_parameters() {
    let c = counter();
    // concat(second:="Y", first:="X")
    let r = invoke(
        &c,
        2,
        DISPATCH_METHOD,
        vec![],
        vec![(1, "Y".into()), (0, "X".into())],
    );
    assert_eq!(r.hr, S_OK);
    assert_eq!(String::try_from(&r.result).unwrap(), "XY");
    // A positional first argument and a named second one.
    let r = invoke(
        &c,
        2,
        DISPATCH_METHOD,
        vec!["P".into()],
        vec![(1, "N".into())],
    );
    assert_eq!(String::try_from(&r.result).unwrap(), "PN");
}

#[test]
fn property_get_and_put() {
    let c = counter();
    let r = invoke(
        &c,
        3,
        DISPATCH_PROPERTYPUT,
        vec![],
        vec![(DISPID_PROPERTYPUT, "Ada".into())],
    );
    assert_eq!(r.hr, S_OK);
    let r = invoke(&c, 3, DISPATCH_PROPERTYGET, vec![], vec![]);
    assert_eq!(String::try_from(&r.result).unwrap(), "Ada");
    // "Method or get" (VBScript's `x = obj.Name`) reads the property too.
    let r = invoke(
        &c,
        3,
        DISPATCH_METHOD | DISPATCH_PROPERTYGET,
        vec![],
        vec![],
    );
    assert_eq!(String::try_from(&r.result).unwrap(), "Ada");
    // A put of a read-only member, a get of nothing.
    assert_eq!(
        invoke(
            &c,
            1,
            DISPATCH_PROPERTYPUT,
            vec![],
            vec![(DISPID_PROPERTYPUT, 1.into())]
        )
        .hr,
        DISP_E_MEMBERNOTFOUND
    );
    assert_eq!(
        invoke(&c, 99, DISPATCH_METHOD, vec![], vec![]).hr,
        DISP_E_MEMBERNOTFOUND
    );
}

#[test]
fn the_default_member_is_dispid_value() {
    let c = counter();
    invoke(&c, 1, DISPATCH_METHOD, vec![2.into(), 3.into()], vec![]);
    let r = invoke(&c, DISPID_VALUE, DISPATCH_PROPERTYGET, vec![], vec![]);
    assert_eq!(i32::try_from(&r.result).unwrap(), 5);
}

#[test]
fn argument_errors_name_the_position() {
    let c = counter();
    // add("x", 1): "x" does not convert; argerr is its index in rgvarg (last-first: 1).
    let r = invoke(&c, 1, DISPATCH_METHOD, vec!["x".into(), 1.into()], vec![]);
    assert_eq!(r.hr, DISP_E_TYPEMISMATCH);
    assert_eq!(r.arg_error, 1);
    let r = invoke(&c, 1, DISPATCH_METHOD, vec![1.into(), "y".into()], vec![]);
    assert_eq!((r.hr, r.arg_error), (DISP_E_TYPEMISMATCH, 0));
    // add() without its required argument.
    let r = invoke(&c, 1, DISPATCH_METHOD, vec![], vec![]);
    assert_eq!(r.hr, DISP_E_PARAMNOTFOUND);
    // Too many.
    let r = invoke(
        &c,
        1,
        DISPATCH_METHOD,
        vec![1.into(), 2.into(), 3.into()],
        vec![],
    );
    assert_eq!(r.hr, DISP_E_BADPARAMCOUNT);
}

#[test]
fn without_an_excepinfo_the_error_travels_as_ierrorinfo() {
    let c = counter();
    let mut text = Variant::from("no EXCEPINFO");
    let mut params = DISPPARAMS {
        rgvarg: &mut text as *mut Variant as *mut _,
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: 1,
        cNamedArgs: 0,
    };
    // SAFETY: a valid DISPPARAMS of one argument; result, EXCEPINFO and argErr may be null.
    let hr = unsafe {
        (c.vtable().Invoke)(
            c.as_raw(),
            4,
            &Guid::NULL,
            0,
            DISPATCH_METHOD,
            &mut params,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        )
    };
    assert_eq!(hr, E_FAIL);
    let error = Error::from_thread(hr);
    assert_eq!(error.description(), Some("no EXCEPINFO"));
}

#[test]
fn errors_and_panics_raise_exceptions() {
    let c = counter();
    let r = invoke(&c, 4, DISPATCH_METHOD, vec!["the sky fell".into()], vec![]);
    assert_eq!(r.hr, DISP_E_EXCEPTION);
    assert_eq!(r.exception.scode, E_FAIL.0);
    assert_eq!(r.exception.bstrDescription.to_string(), "the sky fell");
    let r = invoke(&c, 6, DISPATCH_METHOD, vec![], vec![]);
    assert_eq!(r.hr, DISP_E_EXCEPTION);
    assert_eq!(r.exception.scode, E_UNEXPECTED.0);
    assert_eq!(r.exception.bstrDescription.to_string(), "panic: exploded");
    // Still alive.
    assert_eq!(
        invoke(&c, 1, DISPATCH_METHOD, vec![1.into(), 1.into()], vec![]).hr,
        S_OK
    );
}

#[test]
fn new_enum_iterates_with_next_skip_reset_and_clone() {
    let c = counter();
    invoke(&c, 1, DISPATCH_METHOD, vec![4.into(), 0.into()], vec![]);
    let r = invoke(
        &c,
        DISPID_NEWENUM,
        DISPATCH_METHOD | DISPATCH_PROPERTYGET,
        vec![],
        vec![],
    );
    assert_eq!(r.hr, S_OK);
    let unknown = IUnknown::try_from(&r.result).unwrap();
    let e = unknown.cast::<IEnumVARIANT>().unwrap();
    let mut batch = [Variant::empty(), Variant::empty(), Variant::empty()];
    let mut fetched = 0;
    // SAFETY: room for three values.
    let hr = unsafe { e.Next(3, batch.as_mut_ptr(), &mut fetched) };
    assert_eq!((hr, fetched), (S_OK, 3));
    let got: Vec<i32> = batch.iter().map(|v| i32::try_from(v).unwrap()).collect();
    assert_eq!(got, [1, 2, 3]);
    let copy = e.Clone().unwrap();
    let mut batch = [Variant::empty(), Variant::empty(), Variant::empty()];
    // SAFETY: as above.
    let hr = unsafe { e.Next(3, batch.as_mut_ptr(), &mut fetched) };
    assert_eq!((hr, fetched), (S_FALSE, 1), "only 4 was left");
    assert_eq!(i32::try_from(&batch[0]).unwrap(), 4);
    // The clone kept its own position.
    let mut one = [Variant::empty()];
    // SAFETY: one value, null `fetched` allowed for a count of 1.
    assert_eq!(
        unsafe { copy.Next(1, one.as_mut_ptr(), core::ptr::null_mut()) },
        S_OK
    );
    assert_eq!(i32::try_from(&one[0]).unwrap(), 4);
    e.Reset().unwrap();
    assert_eq!(e.Skip(2), S_OK);
    assert_eq!(e.Skip(5), S_FALSE);
}

#[test]
fn variants_pass_through_untouched() {
    let c = counter();
    let r = invoke(&c, 5, DISPATCH_METHOD, vec![Variant::null()], vec![]);
    assert!(r.result.is_null());
    let r = invoke(
        &c,
        5,
        DISPATCH_METHOD,
        vec![Variant::from(c.clone())],
        vec![],
    );
    let back = IUnknown::try_from(&r.result).unwrap();
    assert!(back.is_same_object(c.as_unknown()));
}

#[interface("D7A1E5C0-3333-4000-8000-000000000001")]
unsafe trait IDualCounter: IDispatch {
    fn Total(&self, #[out] total: *mut i32) -> HRESULT;
}

#[implement(IDualCounter)]
struct Dual(i32);

#[dispatch]
impl Dual {
    fn total(&self) -> i32 {
        self.0
    }
}

impl IDualCounter_Impl for Dual {
    fn Total(&self) -> Result<i32> {
        Ok(self.0)
    }
}

#[test]
fn a_dual_object_answers_its_vtable_and_idispatch() {
    let dual: IDualCounter = Dual(9).into();
    assert_eq!(dual.Total().unwrap(), 9);
    let disp = dual.cast::<IDispatch>().unwrap();
    let (_, id) = ids(&disp, &["Total"]);
    let r = invoke(&disp, id[0], DISPATCH_METHOD, vec![], vec![]);
    assert_eq!(i32::try_from(&r.result).unwrap(), 9);
    // Same object through both.
    assert!(disp.as_unknown().is_same_object(dual.as_unknown()));
}

/// `scale(value, factor)`: positional calls with both arguments take the fast path;
/// named, property-get and short calls the general one. Both give the same answers.
#[test]
fn the_fast_path_and_the_general_path_agree() {
    let c = counter();
    let (hr, id) = ids(&c, &["Scale", "value", "factor"]);
    assert_eq!(hr, S_OK);
    assert_eq!(id, [7, 0, 1]);
    let number = |r: &Outcome| f64::try_from(&r.result).unwrap();

    // Success: fast (positional), general (named; property-get flags).
    let fast = invoke(&c, 7, DISPATCH_METHOD, vec![1.5.into(), 4.into()], vec![]);
    assert_eq!((fast.hr, number(&fast)), (S_OK, 6.0));
    let named = invoke(
        &c,
        7,
        DISPATCH_METHOD,
        vec![],
        vec![(1, 4.into()), (0, 1.5.into())],
    );
    assert_eq!((named.hr, number(&named)), (S_OK, 6.0));
    let as_get = invoke(
        &c,
        7,
        DISPATCH_PROPERTYGET,
        vec![1.5.into(), 4.into()],
        vec![],
    );
    assert_eq!((as_get.hr, number(&as_get)), (S_OK, 6.0));
    // Coerced arguments ("2.5" and 4.0 for f64 and i32) and by-reference ones.
    let coerced = invoke(
        &c,
        7,
        DISPATCH_METHOD,
        vec!["2.5".into(), 4.0.into()],
        vec![],
    );
    assert_eq!((coerced.hr, number(&coerced)), (S_OK, 10.0));
    let mut factor = Variant::from(3);
    // SAFETY: `factor` outlives the call.
    let by_ref = unsafe { Variant::by_ref(&mut factor) };
    let r = invoke(&c, 7, DISPATCH_METHOD, vec![2.0.into(), by_ref], vec![]);
    assert_eq!((r.hr, number(&r)), (S_OK, 6.0));

    // A bad argument: DISP_E_TYPEMISMATCH with argerr = its rgvarg index, both paths.
    let fast = invoke(&c, 7, DISPATCH_METHOD, vec!["x".into(), 4.into()], vec![]);
    assert_eq!((fast.hr, fast.arg_error), (DISP_E_TYPEMISMATCH, 1));
    let fast = invoke(&c, 7, DISPATCH_METHOD, vec![1.0.into(), "y".into()], vec![]);
    assert_eq!((fast.hr, fast.arg_error), (DISP_E_TYPEMISMATCH, 0));
    let named = invoke(
        &c,
        7,
        DISPATCH_METHOD,
        vec![],
        vec![(1, "y".into()), (0, 1.0.into())],
    );
    assert_eq!((named.hr, named.arg_error), (DISP_E_TYPEMISMATCH, 0));
    // An omitted required argument: DISP_E_PARAMNOTFOUND naming it, both paths.
    let fast = invoke(
        &c,
        7,
        DISPATCH_METHOD,
        vec![1.0.into(), Variant::missing()],
        vec![],
    );
    assert_eq!((fast.hr, fast.arg_error), (DISP_E_PARAMNOTFOUND, 0));
    let short = invoke(&c, 7, DISPATCH_METHOD, vec![1.0.into()], vec![]);
    assert_eq!(short.hr, DISP_E_PARAMNOTFOUND);
    // Too many, and a put of a method: the general path's answers.
    let long = invoke(
        &c,
        7,
        DISPATCH_METHOD,
        vec![1.0.into(), 2.into(), 3.into()],
        vec![],
    );
    assert_eq!(long.hr, DISP_E_BADPARAMCOUNT);
    let put = invoke(
        &c,
        7,
        DISPATCH_PROPERTYPUT,
        vec![],
        vec![(DISPID_PROPERTYPUT, 1.into())],
    );
    assert_eq!(put.hr, DISP_E_MEMBERNOTFOUND);

    // The client's messages name the argument, whichever path answered.
    let late = comtypes::Dispatch::new(c.clone());
    let err = late.call("Scale", (1.0, "y")).unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert!(err.to_string().contains("argument 2"), "{err}");
    let err = late
        .invoke("Scale")
        .named("factor", "y")
        .named("value", 1.0)
        .call()
        .unwrap_err();
    assert!(err.to_string().contains("factor"), "{err}");
}

/// Names reach GetIDsOfNames as UTF-16 and match without case, ASCII or not; short
/// names are looked up without allocating, long ones through the general path.
#[test]
fn names_of_any_length_and_script() {
    let c = counter();
    assert_eq!(ids(&c, &["GRÖßE"]), (S_OK, vec![8]));
    assert_eq!(ids(&c, &["größe"]), (S_OK, vec![8]));
    let late = comtypes::Dispatch::new(c);
    // Case folding is per character: "SS" is not "ß".
    assert_eq!(late.get("gröSSe").unwrap_err().code(), DISP_E_UNKNOWNNAME);
    assert_eq!(i32::try_from(late.get("GRÖßE").unwrap()).unwrap(), 42);
    let long = "x".repeat(200);
    let err = late.get(&long).unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    assert!(err.to_string().contains(&long), "{err}");
    // A NUL would cut the name short: refused before GetIDsOfNames.
    let err = late.get("GRÖßE\0anything").unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    assert!(err.to_string().contains("NUL"), "{err}");
    let err = late
        .invoke("Scale")
        .named("va\0lue", 1.0)
        .call()
        .unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    let err = late.get("NoSuchMember").unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    assert!(err.to_string().contains("NoSuchMember"), "{err}");
}

/// Members sharing a DISPID (a method and a property get of one name) and members of
/// one kind, called with every flag combination that matters: the fast path must choose
/// what the general path chooses.
#[implement(IDispatch)]
struct Shapes;

#[dispatch]
impl Shapes {
    /// Not a fast-path member (a defaulted parameter), beside a fast-path get.
    #[dispatch(name = "Item")]
    fn item_method(&self, index: i32, #[default(100)] extra: i32) -> i32 {
        1000 + index + extra
    }

    #[dispatch(name = "Item", propget)]
    fn item_get(&self, index: i32) -> i32 {
        index
    }

    /// Both fast-path members.
    #[dispatch(name = "Pair")]
    fn pair_method(&self, a: i32, b: i32) -> i32 {
        a + b
    }

    #[dispatch(name = "Pair", propget)]
    fn pair_get(&self, a: i32) -> i32 {
        -a
    }

    fn only_method(&self, a: i32) -> i32 {
        a
    }

    #[dispatch(propget)]
    fn only_get(&self, a: i32) -> i32 {
        a * 10
    }
}

#[test]
fn the_fast_path_chooses_the_member_find_member_chooses() {
    let s: IDispatch = Shapes.into();
    let id = |name| {
        let (hr, ids) = ids(&s, &[name]);
        assert_eq!(hr, S_OK, "{name}");
        ids[0]
    };
    let (item, pair, only_method, only_get) =
        (id("Item"), id("Pair"), id("only_method"), id("only_get"));
    let both = DISPATCH_METHOD | DISPATCH_PROPERTYGET;
    let call = |id, flags, args: Vec<Variant>| {
        let r = invoke(&s, id, flags, args, vec![]);
        (r.hr, i32::try_from(&r.result).unwrap_or(i32::MIN))
    };
    let five = || vec![Variant::from(5)];
    // "Method or get" prefers the method, even when only the get could take the call.
    assert_eq!(call(item, both, five()), (S_OK, 1105));
    assert_eq!(call(item, DISPATCH_METHOD, five()), (S_OK, 1105));
    assert_eq!(call(item, DISPATCH_PROPERTYGET, five()), (S_OK, 5));
    assert_eq!(call(pair, both, five()).0, DISP_E_PARAMNOTFOUND);
    assert_eq!(call(pair, both, vec![5.into(), 6.into()]), (S_OK, 11));
    assert_eq!(call(pair, DISPATCH_PROPERTYGET, five()), (S_OK, -5));
    // A member alone answers the other read flag.
    assert_eq!(call(only_method, DISPATCH_PROPERTYGET, five()), (S_OK, 5));
    assert_eq!(call(only_get, DISPATCH_METHOD, five()), (S_OK, 50));
    // A put never reaches a method or a get, whatever else the flags say.
    for (id, flags) in [
        (only_method, DISPATCH_METHOD | DISPATCH_PROPERTYPUT),
        (only_get, DISPATCH_PROPERTYGET | DISPATCH_PROPERTYPUT),
        (pair, both | DISPATCH_PROPERTYPUT),
    ] {
        assert_eq!(
            call(id, flags, five()).0,
            DISP_E_MEMBERNOTFOUND,
            "{id} {flags:#x}"
        );
    }
}

/// `&mut T` parameters: `[in, out]` arguments, written back when passed by reference.
#[implement(IDispatch)]
struct InOut;

#[dispatch]
impl InOut {
    fn increment(&self, n: &mut i32, by: i32) {
        *n += by;
    }

    fn swap(&self, a: &mut Variant, b: &mut Variant) {
        core::mem::swap(a, b);
    }

    fn shout(&self, text: &mut String) -> i32 {
        *text = text.to_uppercase();
        text.chars().count() as i32
    }

    fn spoil(&self, text: &mut Variant) -> Result<()> {
        *text = Variant::from("changed");
        Err(Error::new(E_FAIL, "spoilt"))
    }

    fn label(&self, text: &mut String) -> Result<()> {
        if text.is_empty() {
            return Err(Error::new(E_FAIL, "nothing to label"));
        }
        *text = "label".to_string();
        Ok(())
    }
}

#[test]
fn in_out_parameters_write_back_through_by_reference_arguments() {
    let late = comtypes::Dispatch::new(InOut.into());
    // VT_BYREF|VT_I4 (a typed target) and VT_BYREF|VT_VARIANT (an empty one).
    let mut n = Variant::from(5);
    late.invoke("Increment").out(&mut n).arg(2).call().unwrap();
    assert_eq!((n.vt(), i32::try_from(&n).unwrap()), (3, 7));
    let mut empty = Variant::empty();
    late.invoke("Increment")
        .out(&mut empty)
        .arg(2)
        .call()
        .unwrap();
    assert_eq!(i32::try_from(&empty).unwrap(), 2);
    // By value: the method's change stays inside (Visual Basic's ByVal); rgvarg as
    // the server leaves it still holds the caller's 5.
    let object = late.as_idispatch();
    let (hr, id) = ids(object, &["Increment"]);
    assert_eq!(hr, S_OK);
    let mut args = [Variant::from(2), Variant::from(5)]; // by = 2, n = 5 (last first)
    let mut params = DISPPARAMS {
        rgvarg: args.as_mut_ptr() as *mut _,
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: 2,
        cNamedArgs: 0,
    };
    // SAFETY: a valid DISPPARAMS over `args`; result, EXCEPINFO and argerr may be null.
    let hr = unsafe {
        (object.vtable().Invoke)(
            object.as_raw(),
            id[0],
            &Guid::NULL,
            0,
            DISPATCH_METHOD,
            &mut params,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        )
    };
    assert_eq!(hr, S_OK);
    assert_eq!((args[1].vt(), i32::try_from(&args[1]).unwrap()), (3, 5));

    // VT_BYREF|VT_VARIANT targets take any type back.
    let (mut a, mut b) = (Variant::from("left"), Variant::from(2.5));
    late.invoke("Swap")
        .arg(unsafe_by_ref(&mut a))
        .arg(unsafe_by_ref(&mut b))
        .call()
        .unwrap();
    assert_eq!(f64::try_from(&a).unwrap(), 2.5);
    assert_eq!(String::try_from(&b).unwrap(), "left");
    // Typed ones (what `out` makes of a value) keep their type: "seven" does not go
    // back into a VT_BYREF|VT_R8, and then nothing is written (every value is coerced
    // before any is stored). The member ran: an exception, not an argument error.
    let (mut a, mut b) = (Variant::from("seven"), Variant::from(2.5));
    let err = late
        .invoke("Swap")
        .out(&mut a)
        .out(&mut b)
        .call()
        .unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert!(
        err.to_string()
            .contains("argument 2 (b) could not be written back"),
        "{err}"
    );
    assert_eq!(String::try_from(&a).unwrap(), "seven");
    assert_eq!(f64::try_from(&b).unwrap(), 2.5);
    // The same through raw Invoke: DISP_E_EXCEPTION carrying the code.
    let mut target = 2.5f64;
    // SAFETY: `target` outlives the call.
    let typed = unsafe {
        Variant::by_ref_raw(
            comtypes::variant::VT_R8,
            &mut target as *mut f64 as *mut core::ffi::c_void,
        )
    };
    let raw = invoke(
        object,
        ids(object, &["Swap"]).1[0],
        DISPATCH_METHOD,
        vec![unsafe_by_ref(&mut a), typed],
        vec![],
    );
    assert_eq!(target, 2.5);
    assert_eq!(raw.hr, DISP_E_EXCEPTION);
    assert_eq!(raw.exception.scode, DISP_E_TYPEMISMATCH.0);

    let mut text = Variant::from("quiet");
    let len = late.invoke("Shout").out(&mut text).call().unwrap();
    assert_eq!(String::try_from(&text).unwrap(), "QUIET");
    assert_eq!(i64::try_from(&len).unwrap(), 5);
    // Named, by reference.
    let mut text = Variant::from("named");
    late.invoke("Shout")
        .named("text", unsafe_by_ref(&mut text))
        .call()
        .unwrap();
    assert_eq!(String::try_from(&text).unwrap(), "NAMED");

    // Written back into a VT_BYREF|VT_I4: "label" is not a number.
    let mut number = Variant::from(1);
    let err = late.invoke("Label").out(&mut number).call().unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert!(err.to_string().contains("written back"), "{err}");
    assert_eq!(i32::try_from(&number).unwrap(), 1);
    // A failing member writes nothing back, whatever it did to its parameter.
    let mut kept = Variant::from("original");
    let err = late.invoke("Spoil").out(&mut kept).call().unwrap_err();
    assert_eq!(err.code(), E_FAIL);
    assert_eq!(String::try_from(&kept).unwrap(), "original");
    // A by-reference array cannot take a value back: refused before the member runs.
    let mut array: *mut core::ffi::c_void = core::ptr::null_mut();
    // SAFETY: `array` (a null SAFEARRAY*) outlives the call; it is never read.
    let reference = unsafe {
        Variant::by_ref_raw(
            comtypes::variant::VT_ARRAY | comtypes::variant::VT_I4,
            &mut array as *mut _ as *mut core::ffi::c_void,
        )
    };
    let raw = invoke(
        object,
        ids(object, &["Spoil"]).1[0],
        DISPATCH_METHOD,
        vec![reference],
        vec![],
    );
    assert_eq!((raw.hr, raw.arg_error), (DISP_E_TYPEMISMATCH, 0));
    // An omitted [in, out] argument is a missing required one.
    let err = late.invoke("Shout").missing().call().unwrap_err();
    assert_eq!(err.code(), DISP_E_PARAMNOTFOUND);
}

/// A named by-reference argument (the builder's `out` is positional).
fn unsafe_by_ref(target: &mut Variant) -> Variant {
    // SAFETY: the test's `target` outlives the call that uses this reference.
    unsafe { Variant::by_ref(target) }
}
