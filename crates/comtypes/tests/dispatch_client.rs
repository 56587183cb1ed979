//! The late-bound client (`comtypes::Dispatch`) against a hand-written IDispatch that
//! records what arrives: DISPPARAMS layout, flags, named-argument DISPIDs, name lookups.
//! Runs natively and under Wine (where the calls cross Wine's real oleaut32 for
//! VARIANT handling).

use comtypes::hresult::{
    DISP_E_BADINDEX, DISP_E_BADPARAMCOUNT, DISP_E_EXCEPTION, DISP_E_MEMBERNOTFOUND,
    DISP_E_PARAMNOTFOUND, DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME, E_FAIL, E_INVALIDARG, E_NOTIMPL,
    E_POINTER, S_FALSE, S_OK,
};
use comtypes::interfaces::{
    IDispatch_Impl, IEnumVARIANT, IEnumVARIANT_Impl, ITypeInfo, DISPID_VALUE, DISPPARAMS, EXCEPINFO,
};
use comtypes::variant::{VariantRef, VARIANT, VT_BSTR, VT_BYREF, VT_I4, VT_VARIANT};
use comtypes::{
    implement, late, Apartment, Bstr, Dispatch, Error, Guid, IDispatch, Result, Variant, HRESULT,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What the server saw: one entry per Invoke.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    id: i32,
    flags: u16,
    args: u32,
    named: Vec<i32>,
    /// The VARTYPEs of rgvarg, in DISPPARAMS order (last positional argument first).
    vts: Vec<u16>,
}

#[derive(Default)]
struct Log {
    lookups: Cell<usize>,
    invokes: RefCell<Vec<Seen>>,
    next_calls: Cell<usize>,
}

#[implement(IDispatch)]
struct Server {
    log: Rc<Log>,
    value: RefCell<Variant>,
    object: RefCell<Variant>,
    plain: RefCell<Variant>,
}

/// (name, DISPID, parameter names)
const MEMBERS: &[(&str, i32, &[&str])] = &[
    ("Value", 0, &[]),
    ("Sum", 1, &["a", "b", "c"]),
    ("Concat", 2, &["First", "Second"]),
    ("Swap", 3, &["x", "y"]),
    ("Fail", 4, &[]),
    ("FailWCode", 5, &[]),
    ("Obj", 6, &[]),
    ("Plain", 7, &[]),
    ("Count", 9, &[]),
    ("Item", 10, &["Index"]),
    ("Flags", 11, &[]),
    ("Broken", 12, &[]),
    ("Child", 13, &[]),
    ("Größe", 14, &[]),
    ("_NewEnum", -4, &[]),
];

const ITEMS: i32 = 40;

fn server() -> (Dispatch, Rc<Log>) {
    let log = Rc::new(Log::default());
    let object: IDispatch = Server {
        log: Rc::clone(&log),
        value: RefCell::new(Variant::from("default")),
        object: RefCell::new(Variant::empty()),
        plain: RefCell::new(Variant::empty()),
    }
    .into();
    (Dispatch::new(object), log)
}

struct Args<'a> {
    values: &'a [VARIANT],
    ids: &'a [i32],
    arg_error: *mut u32,
}

impl<'a> Args<'a> {
    fn positional(&self) -> usize {
        self.values.len() - self.ids.len()
    }

    fn find(&self, position: usize) -> Option<(usize, &'a Variant)> {
        let index = match self.ids.iter().position(|&id| id == position as i32) {
            Some(i) => i,
            None if position < self.positional() => self.values.len() - 1 - position,
            None => return None,
        };
        // SAFETY: an element of the caller's rgvarg, valid during Invoke.
        let value = unsafe { Variant::from_raw_ref(&self.values[index]) };
        (!value.is_missing()).then_some((index, value))
    }

    fn blame(&self, index: usize, code: HRESULT) -> Error {
        // SAFETY: Invoke's caller passes a writable puArgErr (or null).
        if let Some(slot) = unsafe { self.arg_error.as_mut() } {
            *slot = index as u32;
        }
        Error::from(code)
    }

    fn int(&self, position: usize, default: Option<i32>) -> Result<i32> {
        match (self.find(position), default) {
            (Some((index, value)), _) => {
                i32::try_from(value).map_err(|_| self.blame(index, DISP_E_TYPEMISMATCH))
            }
            (None, Some(default)) => Ok(default),
            (None, None) if position < self.positional() => {
                Err(self.blame(self.values.len() - 1 - position, DISP_E_PARAMNOTFOUND))
            }
            (None, None) => Err(Error::from(DISP_E_PARAMNOTFOUND)),
        }
    }

    fn text(&self, position: usize) -> Result<String> {
        let (index, value) = self
            .find(position)
            .ok_or_else(|| self.blame(0, DISP_E_PARAMNOTFOUND))?;
        String::try_from(value).map_err(|_| self.blame(index, DISP_E_TYPEMISMATCH))
    }

    fn put_value(&self) -> Result<Variant> {
        match self.ids.first() {
            // SAFETY: an element of the caller's rgvarg, valid during Invoke.
            Some(-3) => Ok(unsafe { Variant::from_raw_ref(&self.values[0]) }.clone()),
            _ => Err(Error::from(DISP_E_PARAMNOTFOUND)),
        }
    }
}

unsafe extern "system" fn fill_in(info: *mut EXCEPINFO) -> HRESULT {
    // SAFETY: called by the client with the EXCEPINFO it passed to Invoke.
    let Some(info) = (unsafe { info.as_mut() }) else {
        return E_POINTER;
    };
    info.bstrDescription = Bstr::from("filled in on demand");
    info.bstrSource = Bstr::from("Test.Server");
    info.bstrHelpFile = Bstr::from("help.chm");
    info.dwHelpContext = 42;
    info.scode = E_INVALIDARG.0;
    S_OK
}

impl IDispatch_Impl for Server {
    fn GetTypeInfoCount(&self) -> Result<u32> {
        Ok(0)
    }

    fn GetTypeInfo(&self, _index: u32, _lcid: u32) -> Result<ITypeInfo> {
        Err(E_NOTIMPL.into())
    }

    unsafe fn GetIDsOfNames(
        &self,
        _iid: *const Guid,
        names: *const *const u16,
        count: u32,
        _lcid: u32,
        ids: *mut i32,
    ) -> Result<()> {
        self.log.lookups.set(self.log.lookups.get() + 1);
        // SAFETY: `names` holds `count` NUL-terminated strings, `ids` room for `count`.
        let (names, ids) = unsafe {
            (
                core::slice::from_raw_parts(names, count as usize),
                core::slice::from_raw_parts_mut(ids, count as usize),
            )
        };
        let name = |p: *const u16| {
            // SAFETY: a NUL-terminated string of the caller's.
            let len = (0..).take_while(|&k| unsafe { *p.add(k) } != 0).count();
            // SAFETY: `len` units before the NUL.
            String::from_utf16_lossy(unsafe { core::slice::from_raw_parts(p, len) })
        };
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        let member = MEMBERS.iter().find(|m| same(m.0, &name(names[0])));
        ids[0] = member.map_or(-1, |m| m.1);
        for (id, &param) in ids[1..].iter_mut().zip(&names[1..]) {
            *id = member
                .and_then(|m| m.2.iter().position(|p| same(p, &name(param))))
                .map_or(-1, |p| p as i32);
        }
        if ids.contains(&-1) {
            Err(DISP_E_UNKNOWNNAME.into())
        } else {
            Ok(())
        }
    }

    unsafe fn Invoke(
        &self,
        id: i32,
        _iid: *const Guid,
        _lcid: u32,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> Result<()> {
        // SAFETY: the caller's DISPPARAMS, with arrays of cArgs and cNamedArgs.
        let args = unsafe {
            let p = params.as_ref().ok_or(Error::from(E_POINTER))?;
            Args {
                values: if p.cArgs == 0 {
                    &[]
                } else {
                    core::slice::from_raw_parts(p.rgvarg, p.cArgs as usize)
                },
                ids: if p.cNamedArgs == 0 {
                    &[]
                } else {
                    core::slice::from_raw_parts(p.rgdispidNamedArgs, p.cNamedArgs as usize)
                },
                arg_error,
            }
        };
        self.log.invokes.borrow_mut().push(Seen {
            id,
            flags,
            args: args.values.len() as u32,
            named: args.ids.to_vec(),
            vts: args.values.iter().map(|v| v.vt).collect(),
        });
        let get = flags & 0x3 != 0;
        let value = match id {
            0 if get => self.value.borrow().clone(),
            0 if flags == 0x4 => {
                *self.value.borrow_mut() = args.put_value()?;
                return Ok(());
            }
            1 if get => {
                if args.values.len() > 3 {
                    return Err(DISP_E_BADPARAMCOUNT.into());
                }
                Variant::from(args.int(0, None)? + args.int(1, None)? + args.int(2, Some(0))?)
            }
            2 if get => Variant::from(args.text(0)? + &args.text(1)?),
            3 if get => {
                let (Some((_, x)), Some((_, y))) = (args.find(0), args.find(1)) else {
                    return Err(DISP_E_PARAMNOTFOUND.into());
                };
                let (VariantRef::ByRef(x), VariantRef::ByRef(y)) = (x.get(), y.get()) else {
                    return Err(DISP_E_TYPEMISMATCH.into());
                };
                let (old_x, old_y) = (x.read()?, y.read()?);
                x.write(&old_y)?;
                y.write(&old_x)?;
                Variant::empty()
            }
            4 => {
                // SAFETY: the caller's EXCEPINFO, or null.
                if let Some(info) = unsafe { exception.as_mut() } {
                    info.pfnDeferredFillIn = Some(fill_in);
                }
                return Err(DISP_E_EXCEPTION.into());
            }
            5 => {
                // SAFETY: the caller's EXCEPINFO, or null.
                if let Some(info) = unsafe { exception.as_mut() } {
                    info.wCode = 1000;
                    info.bstrDescription = Bstr::from("a wCode error");
                }
                return Err(DISP_E_EXCEPTION.into());
            }
            6 if get => self.object.borrow().clone(),
            6 if flags == 0x8 => {
                *self.object.borrow_mut() = args.put_value()?;
                return Ok(());
            }
            7 if get => self.plain.borrow().clone(),
            7 if flags == 0x4 => {
                *self.plain.borrow_mut() = args.put_value()?;
                return Ok(());
            }
            9 if get => Variant::from(ITEMS),
            10 if get => {
                let i = args.int(0, None)?;
                if !(0..ITEMS).contains(&i) {
                    return Err(DISP_E_BADINDEX.into());
                }
                Variant::from(i * 10)
            }
            11 => Variant::from(flags as i32),
            12 if get => Variant::from(IEnumVARIANT::from(Numbers {
                next: Cell::new(0),
                fail_after: Some(20),
                log: Rc::clone(&self.log),
            })),
            13 if get => Variant::from(IDispatch::from(Server {
                log: Rc::clone(&self.log),
                value: RefCell::new(Variant::from("child")),
                object: RefCell::new(Variant::empty()),
                plain: RefCell::new(Variant::empty()),
            })),
            14 if get => Variant::from("unicode"),
            -4 if get => Variant::from(IEnumVARIANT::from(Numbers {
                next: Cell::new(0),
                fail_after: None,
                log: Rc::clone(&self.log),
            })),
            _ => return Err(DISP_E_MEMBERNOTFOUND.into()),
        };
        // SAFETY: a non-null result points at an empty VARIANT the caller owns.
        if let Some(slot) = unsafe { result.as_mut() } {
            *slot = value.into_raw();
        }
        Ok(())
    }
}

/// 0, 10, 20, ... (ITEMS of them), counting Next calls; optionally failing part-way.
#[implement(IEnumVARIANT)]
struct Numbers {
    next: Cell<i32>,
    fail_after: Option<i32>,
    log: Rc<Log>,
}

impl IEnumVARIANT_Impl for Numbers {
    unsafe fn Next(&self, count: u32, values: *mut Variant, fetched: *mut u32) -> HRESULT {
        self.log.next_calls.set(self.log.next_calls.get() + 1);
        if self.fail_after.is_some_and(|n| self.next.get() >= n) {
            return E_FAIL;
        }
        let mut n = 0u32;
        while n < count && self.next.get() < ITEMS {
            // SAFETY: room for `count` empty VARIANTs.
            unsafe {
                values
                    .add(n as usize)
                    .write(Variant::from(self.next.get() * 10))
            };
            self.next.set(self.next.get() + 1);
            n += 1;
        }
        // SAFETY: `fetched` is writable when non-null.
        if let Some(fetched) = unsafe { fetched.as_mut() } {
            *fetched = n;
        }
        if n == count {
            S_OK
        } else {
            S_FALSE
        }
    }

    fn Skip(&self, count: u32) -> HRESULT {
        self.next.set(self.next.get().saturating_add(count as i32));
        S_OK
    }

    fn Reset(&self) -> Result<()> {
        self.next.set(0);
        Ok(())
    }

    fn Clone(&self) -> Result<IEnumVARIANT> {
        Err(E_NOTIMPL.into())
    }
}

fn last(log: &Log) -> Seen {
    log.invokes.borrow().last().cloned().expect("an Invoke")
}

#[test]
fn names_are_looked_up_once_per_object_without_case() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    assert_eq!(i32::try_from(object.call("Sum", (1, 2))?)?, 3);
    assert_eq!(i32::try_from(object.call("SUM", (1, 2))?)?, 3);
    assert_eq!(i32::try_from(object.call("sum", (1, 2))?)?, 3);
    assert_eq!(log.lookups.get(), 1);
    // Clones share the cache.
    let copy = object.clone();
    copy.call("Sum", (1, 1))?;
    assert_eq!(log.lookups.get(), 1);
    // Non-ASCII names compare without case too.
    assert_eq!(String::try_from(object.get("GRÖßE")?)?, "unicode");
    assert_eq!(String::try_from(object.get("größe")?)?, "unicode");
    assert_eq!(log.lookups.get(), 2);
    assert_eq!(object.id_of("sum")?, 1);
    // Unknown names are not cached: each attempt asks again.
    for _ in 0..2 {
        let err = object.get("Missing").unwrap_err();
        assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
        assert_eq!(
            err.description(),
            Some("the object has no member named \"Missing\"")
        );
    }
    assert_eq!(log.lookups.get(), 4);
    Ok(())
}

#[test]
fn get_and_call_send_method_and_propertyget_with_reversed_arguments() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    assert_eq!(i32::try_from(object.get("Flags")?)?, 3);
    assert_eq!(i32::try_from(object.call("Flags", ())?)?, 3);
    object.call("Sum", (1, "2", 3.0))?;
    let seen = last(&log);
    assert_eq!((seen.id, seen.flags, seen.args), (1, 3, 3));
    assert!(seen.named.is_empty());
    // DISPPARAMS order: the last argument first.
    assert_eq!(seen.vts, [5, VT_BSTR, VT_I4]);
    assert_eq!(i32::try_from(object.call("Sum", (1, "2", 3.0))?)?, 6);
    // Slices, arrays and vectors of Variants as arguments.
    let args = [Variant::from(4), Variant::from(5)];
    assert_eq!(i32::try_from(object.call("Sum", &args[..])?)?, 9);
    assert_eq!(i32::try_from(object.call("Sum", &args)?)?, 9);
    assert_eq!(i32::try_from(object.call("Sum", args.to_vec())?)?, 9);
    Ok(())
}

#[test]
fn omitted_arguments_travel_as_vt_error_paramnotfound() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    let sum = object.call("Sum", (1, 2, Variant::missing()))?;
    assert_eq!(i32::try_from(sum)?, 3);
    let seen = last(&log);
    assert_eq!(seen.vts[0], comtypes::variant::VT_ERROR);
    let sum = object.invoke("Sum").arg(1).arg(2).missing().call()?;
    assert_eq!(i32::try_from(sum)?, 3);
    // A required one omitted: the server's DISP_E_PARAMNOTFOUND names the argument.
    let err = object.call("Sum", (Variant::missing(), 2)).unwrap_err();
    assert_eq!(err.code(), DISP_E_PARAMNOTFOUND);
    assert!(
        err.to_string().contains("Sum, argument 1 (omitted)"),
        "{err}"
    );
    Ok(())
}

#[test]
fn named_arguments_are_resolved_in_one_lookup_and_sent_first() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    let joined = object
        .invoke("Concat")
        .named("second", "world")
        .named("FIRST", "hello ")
        .call()?;
    assert_eq!(String::try_from(joined)?, "hello world");
    assert_eq!(log.lookups.get(), 1);
    let seen = last(&log);
    assert_eq!(seen.named, [1, 0]);
    assert_eq!(seen.args, 2);
    // Positional then named.
    let joined = object
        .invoke("Concat")
        .arg("a")
        .named("Second", "b")
        .call()?;
    assert_eq!(String::try_from(joined)?, "ab");
    assert_eq!(last(&log).named, [1]);
    // An unknown parameter name is named in the error.
    let err = object
        .invoke("Concat")
        .named("Third", 1)
        .call()
        .unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    assert_eq!(
        err.description(),
        Some("Concat has no parameter named \"Third\"")
    );
    // A type mismatch in a named argument names it.
    let err = object
        .invoke("Sum")
        .arg(1)
        .named("b", "not a number")
        .call()
        .unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert!(err.to_string().contains("Sum, b (VT_BSTR"), "{err}");
    // By DISPID there is no name to look parameters up with.
    let err = object.invoke_id(2).named("First", 1).call().unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
    Ok(())
}

#[test]
fn type_mismatch_names_the_argument_position() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, _log) = server();
    let err = object.call("Sum", (1, 2, "three")).unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(
        err.description(),
        Some("Sum, argument 3 (VT_BSTR(\"three\")): Type mismatch.")
    );
    let err = object.call("Sum", ("one", 2)).unwrap_err();
    assert!(err.to_string().contains("Sum, argument 1 "), "{err}");
    let err = object.call("Sum", (1, 2, 3, 4)).unwrap_err();
    assert_eq!(err.code(), DISP_E_BADPARAMCOUNT);
    assert!(
        err.to_string().contains("Sum does not take 4 arguments"),
        "{err}"
    );
    Ok(())
}

#[test]
fn by_reference_arguments_are_read_back_after_the_call() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    // Untyped storage: VT_BYREF | VT_VARIANT.
    let mut x = Variant::from(1);
    let mut y = Variant::empty();
    object
        .invoke("Swap")
        .out(&mut y)
        .out(&mut x)
        .call()
        .map(drop)?;
    let seen = last(&log);
    // Typed storage (x holds an I4) travels as VT_BYREF | VT_I4.
    assert_eq!(seen.vts, [VT_BYREF | VT_I4, VT_BYREF | VT_VARIANT]);
    // y's VARIANT took x's value; x, typed I4, took y's VT_EMPTY coerced to an I4.
    assert_eq!(x.vt(), VT_I4);
    assert_eq!(i32::try_from(&x)?, 0);
    assert_eq!(y.vt(), VT_I4);
    assert_eq!(i32::try_from(&y)?, 1);
    // Strings: the callee frees the old BSTR and stores a new one in ours.
    let mut a = Variant::from("left");
    let mut b = Variant::from("right");
    object.invoke("Swap").out(&mut a).out(&mut b).call()?;
    assert_eq!(last(&log).vts, [VT_BYREF | VT_BSTR, VT_BYREF | VT_BSTR]);
    assert_eq!(String::try_from(&a)?, "right");
    assert_eq!(String::try_from(&b)?, "left");
    Ok(())
}

#[test]
fn disp_e_exception_calls_the_deferred_fill_in() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, _log) = server();
    let err = object.call("Fail", ()).unwrap_err();
    assert_eq!(err.code(), E_INVALIDARG);
    assert_eq!(err.description(), Some("filled in on demand"));
    assert_eq!(err.source(), Some("Test.Server"));
    assert_eq!(err.help_file(), Some("help.chm"));
    assert_eq!(err.help_context(), 42);
    assert_eq!(
        err.to_string(),
        "0x80070057 E_INVALIDARG: filled in on demand (source: Test.Server)"
    );
    let err = object.call("FailWCode", ()).unwrap_err();
    assert_eq!(err.code(), HRESULT((0x8004_0200u32 + 1000) as i32));
    assert_eq!(err.description(), Some("a wCode error"));
    Ok(())
}

#[test]
fn properties_put_putref_and_their_fallbacks() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    // The default member.
    assert_eq!(String::try_from(object.value()?)?, "default");
    object.put("Value", 5)?;
    let seen = last(&log);
    assert_eq!((seen.id, seen.flags, seen.named.clone()), (0, 4, vec![-3]));
    assert_eq!(i32::try_from(object.invoke_id(DISPID_VALUE).call()?)?, 5);
    object.invoke_id(DISPID_VALUE).put("again")?;
    assert_eq!(String::try_from(object.value()?)?, "again");

    // Obj has only a by-reference setter; Plain only a by-value one.
    let child = object.get("Child")?.to_dispatch()?;
    object.put_ref("Obj", &child)?;
    assert_eq!(last(&log).flags, 8);
    let stored = object.get("Obj")?.to_dispatch()?;
    assert_eq!(String::try_from(stored.value()?)?, "child");
    // put of an object falls back to PUTREF when there is no by-value setter.
    object.put("Obj", &child)?;
    let flags: Vec<u16> = log
        .invokes
        .borrow()
        .iter()
        .rev()
        .take(2)
        .map(|s| s.flags)
        .collect();
    assert_eq!(flags, [8, 4]);
    // put_ref falls back to PUT when there is no by-reference setter.
    object.put_ref("Plain", &child)?;
    let flags: Vec<u16> = log
        .invokes
        .borrow()
        .iter()
        .rev()
        .take(2)
        .map(|s| s.flags)
        .collect();
    assert_eq!(flags, [4, 8]);
    assert_eq!(object.get("Plain")?.to_dispatch()?.value()?.vt(), VT_BSTR);
    // A plain value cannot go to a reference-only member.
    let err = object.put("Obj", 1).unwrap_err();
    assert_eq!(err.code(), DISP_E_MEMBERNOTFOUND);
    assert_eq!(
        err.description(),
        Some("Obj cannot be assigned: Member not found.")
    );
    Ok(())
}

#[test]
fn collections_enumerate_in_batches_and_index() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, log) = server();
    let items: Vec<i32> = object
        .iter()?
        .map(|v| i32::try_from(v?))
        .collect::<Result<_>>()?;
    assert_eq!(items, (0..ITEMS).map(|i| i * 10).collect::<Vec<_>>());
    // 40 items in batches of 16: 16 + 16 + 8 (S_FALSE ends it).
    assert_eq!(log.next_calls.get(), 3);
    assert_eq!(object.count()?, ITEMS as usize);
    assert_eq!(i32::try_from(object.item(7)?)?, 70);
    let by_index: Vec<i32> = object
        .items_by_index(0)?
        .map(|v| i32::try_from(v?))
        .collect::<Result<_>>()?;
    assert_eq!(by_index, items);
    let err = object.item(ITEMS).unwrap_err();
    assert_eq!(err.code(), DISP_E_BADINDEX);
    // `for` over a &Dispatch.
    let mut total = 0;
    for item in &object {
        total += i32::try_from(item?)?;
    }
    assert_eq!(total, items.iter().sum::<i32>());
    Ok(())
}

#[test]
fn an_enumerator_failure_is_one_err_then_the_end() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, _log) = server();
    let broken = object.get("Broken")?;
    let enumerator = broken.to_dispatch();
    // Broken returns a bare IEnumVARIANT (not an automation object).
    assert_eq!(
        enumerator.unwrap_err().code(),
        comtypes::hresult::E_NOINTERFACE
    );
    let source: IEnumVARIANT = comtypes::Interface::cast(&comtypes::IUnknown::try_from(&broken)?)?;
    let items: Vec<Result<Variant>> = comtypes::dispatch::Enumerator::new(source).collect();
    // Two full batches (32 items), then Next fails (it allows 20 items, checked per call).
    let oks = items.iter().filter(|r| r.is_ok()).count();
    let errors: Vec<&Error> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(oks, 32);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), E_FAIL);
    assert!(errors[0].to_string().contains("IEnumVARIANT::Next failed"));
    assert!(items.last().is_some_and(|r| r.is_err()));
    Ok(())
}

#[test]
fn returned_objects_chain() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let (object, _log) = server();
    let child = object.get("Child")?.to_dispatch()?;
    assert_eq!(String::try_from(child.value()?)?, "child");
    assert_eq!(String::try_from(late!(object.Child.Child.Value)?)?, "child");
    assert_eq!(i32::try_from(late!(object.Child.Sum(1, 2, 3))?)?, 6);
    late!(object.Child.Value = "set through a chain")?;
    let err = late!(object.Value.Anything).unwrap_err();
    assert_eq!(err.code(), DISP_E_TYPEMISMATCH);
    assert!(
        err.to_string().contains("not an automation object"),
        "{err}"
    );
    let err = late!(object.Child.Nope).unwrap_err();
    assert_eq!(err.code(), DISP_E_UNKNOWNNAME);
    Ok(())
}
