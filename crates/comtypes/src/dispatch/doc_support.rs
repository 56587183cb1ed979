//! A small automation object written by hand, for the documentation's examples (which
//! run natively and under Wine, where no system component is the same on both).
//! Not part of the API.

use crate::hresult::{
    DISP_E_BADINDEX, DISP_E_BADPARAMCOUNT, DISP_E_MEMBERNOTFOUND, DISP_E_PARAMNOTFOUND,
    DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME, E_NOTIMPL, E_POINTER, S_FALSE, S_OK,
};
use crate::interfaces::IDispatch_Impl;
use crate::interfaces::{IEnumVARIANT, IEnumVARIANT_Impl, ITypeInfo, DISPPARAMS, EXCEPINFO};
use crate::variant::{VariantRef, VARIANT, VT_ERROR};
use crate::HRESULT;
use crate::{implement, Apartment, Error, Guid, IDispatch, Result, Variant};
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
/// indexed property of 8 cells), `Self`, `Parent` (assigned by reference only),
/// `Count`, `Item(i)` and `_NewEnum` over the items 1, 2, 3.
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

/// (name, DISPID, parameter names)
const MEMBERS: &[(&str, i32, &[&str])] = &[
    ("Name", 0, &[]),
    ("Add", 1, &["a", "b"]),
    ("Divide", 2, &["Dividend", "Divisor", "Quotient"]),
    ("Memory", 3, &["Index"]),
    ("Self", 4, &[]),
    ("Parent", 5, &[]),
    ("Count", 6, &[]),
    ("Item", 7, &["Index"]),
    ("_NewEnum", -4, &[]),
];

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
}

impl Default for Calculator {
    fn default() -> Self {
        Calculator::new()
    }
}

/// The arguments of one Invoke, read by position or by parameter DISPID.
struct Args<'a> {
    values: &'a [VARIANT],
    ids: &'a [i32],
    arg_error: *mut u32,
}

impl<'a> Args<'a> {
    /// # Safety
    /// `params` must be a valid DISPPARAMS for the call's duration.
    unsafe fn new(params: *const DISPPARAMS, arg_error: *mut u32) -> Result<Args<'a>> {
        // SAFETY: the caller's promise.
        let p = unsafe { params.as_ref() }.ok_or(Error::from(E_POINTER))?;
        // SAFETY: DISPPARAMS' arrays hold cArgs VARIANTs and cNamedArgs DISPIDs.
        let (values, ids) = unsafe {
            (
                if p.cArgs == 0 {
                    &[][..]
                } else {
                    core::slice::from_raw_parts(p.rgvarg, p.cArgs as usize)
                },
                if p.cNamedArgs == 0 {
                    &[][..]
                } else {
                    core::slice::from_raw_parts(p.rgdispidNamedArgs, p.cNamedArgs as usize)
                },
            )
        };
        Ok(Args {
            values,
            ids,
            arg_error,
        })
    }

    fn positional(&self) -> usize {
        self.values.len() - self.ids.len()
    }

    /// The argument for parameter `position` (named by its DISPID, the position), and its
    /// index in rgvarg; None when absent or omitted.
    fn find(&self, position: usize) -> Option<(usize, &'a Variant)> {
        let index = match self.ids.iter().position(|&id| id == position as i32) {
            Some(i) => i,
            None if position < self.positional() => self.values.len() - 1 - position,
            None => return None,
        };
        // SAFETY: a VARIANT of the caller's array, valid for the call.
        let value = unsafe { Variant::from_raw_ref(&self.values[index]) };
        if value.vt() == VT_ERROR && value.is_missing() {
            return None;
        }
        Some((index, value))
    }

    fn int(&self, position: usize, default: Option<i32>) -> Result<i32> {
        match (self.find(position), default) {
            (Some((index, value)), _) => i32::try_from(value).map_err(|e| {
                self.blame(index);
                Error::from(if e.code() == DISP_E_TYPEMISMATCH {
                    DISP_E_TYPEMISMATCH
                } else {
                    e.code()
                })
            }),
            (None, Some(default)) => Ok(default),
            (None, None) => {
                self.blame(self.values.len().saturating_sub(1 + position));
                Err(DISP_E_PARAMNOTFOUND.into())
            }
        }
    }

    fn blame(&self, index: usize) {
        if !self.arg_error.is_null() {
            // SAFETY: a non-null puArgErr is writable.
            unsafe { *self.arg_error = index as u32 };
        }
    }

    /// The value of a property put (the named argument DISPID_PROPERTYPUT).
    fn put_value(&self) -> Result<&'a Variant> {
        match self.ids.first() {
            // SAFETY: a VARIANT of the caller's array, valid for the call.
            Some(-3) => Ok(unsafe { Variant::from_raw_ref(&self.values[0]) }),
            _ => Err(DISP_E_PARAMNOTFOUND.into()),
        }
    }
}

const GET: u16 = 0x3; // DISPATCH_METHOD | DISPATCH_PROPERTYGET
const PUT: u16 = 0x4;
const PUTREF: u16 = 0x8;

impl IDispatch_Impl for Calculator {
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
        if names.is_null() || ids.is_null() || count == 0 {
            return Err(E_POINTER.into());
        }
        let name = |i: usize| -> String {
            // SAFETY: `names` holds `count` NUL-terminated strings.
            unsafe {
                let p = *names.add(i);
                let len = (0..).take_while(|&k| *p.add(k) != 0).count();
                String::from_utf16_lossy(core::slice::from_raw_parts(p, len))
            }
        };
        let member = MEMBERS
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&name(0)));
        let mut unknown = member.is_none();
        // SAFETY: `ids` has room for `count` DISPIDs.
        unsafe { *ids = member.map_or(-1, |m| m.1) };
        for i in 1..count as usize {
            let id = member
                .and_then(|m| m.2.iter().position(|p| p.eq_ignore_ascii_case(&name(i))))
                .map_or(-1, |p| p as i32);
            unknown |= id == -1;
            // SAFETY: as above.
            unsafe { *ids.add(i) = id };
        }
        if unknown {
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
        _exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> Result<()> {
        // SAFETY: Invoke's caller passes a valid DISPPARAMS.
        let args = unsafe { Args::new(params, arg_error)? };
        let value = match (id, flags) {
            (0, f) if f & GET != 0 => Variant::from(self.state().name.as_str()),
            (0, PUT) => {
                self.state().name = String::try_from(args.put_value()?)?;
                return Ok(());
            }
            (1, f) if f & 1 != 0 => {
                if args.values.len() > 2 {
                    return Err(DISP_E_BADPARAMCOUNT.into());
                }
                Variant::from(args.int(0, None)? + args.int(1, Some(0))?)
            }
            (2, f) if f & 1 != 0 => {
                let (dividend, divisor) = (args.int(0, None)?, args.int(1, None)?);
                if divisor == 0 {
                    return Err(Error::new(
                        crate::hresult::DISP_E_DIVBYZERO,
                        "division by zero",
                    ));
                }
                if let Some((_, VariantRef::ByRef(out))) = args.find(2).map(|(i, v)| (i, v.get())) {
                    out.write(&Variant::from(dividend / divisor))?;
                }
                Variant::from(dividend % divisor)
            }
            (3, f) if f & (GET | PUT) != 0 => {
                let index = args.int(0, None)?;
                let state = &mut *self.state();
                let cell = usize::try_from(index)
                    .ok()
                    .and_then(|i| state.memory.get_mut(i))
                    .ok_or(Error::from(DISP_E_BADINDEX))?;
                if f == PUT {
                    *cell = i32::try_from(args.put_value()?)?;
                    return Ok(());
                }
                Variant::from(*cell)
            }
            (4, f) if f & GET != 0 => {
                let same: IDispatch = Calculator {
                    state: Rc::clone(&self.state),
                }
                .into();
                Variant::from(same)
            }
            (5, f) if f & GET != 0 => Variant::from(self.state().parent.clone()),
            (5, PUTREF) => {
                self.state().parent = Some(IDispatch::try_from(args.put_value()?)?);
                return Ok(());
            }
            (6, f) if f & GET != 0 => Variant::from(ITEMS.len() as i32),
            (7, f) if f & GET != 0 => {
                let index = args.int(0, None)?;
                let item = usize::try_from(index).ok().and_then(|i| ITEMS.get(i));
                Variant::from(*item.ok_or(Error::from(DISP_E_BADINDEX))?)
            }
            (-4, f) if f & GET != 0 => {
                let items: IEnumVARIANT = Items {
                    next: Mutex::new(0),
                }
                .into();
                Variant::from(items)
            }
            _ => return Err(DISP_E_MEMBERNOTFOUND.into()),
        };
        if !result.is_null() {
            // SAFETY: a non-null result points at a VARIANT the caller initialised
            // empty; it takes ownership of the value.
            unsafe { *result = value.into_raw() };
        }
        Ok(())
    }
}

/// `_NewEnum`'s enumerator over [`ITEMS`].
#[implement(IEnumVARIANT)]
struct Items {
    next: Mutex<usize>,
}

impl IEnumVARIANT_Impl for Items {
    unsafe fn Next(&self, count: u32, values: *mut Variant, fetched: *mut u32) -> HRESULT {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let mut n = 0;
        while (n as u32) < count && *next < ITEMS.len() {
            // SAFETY: `values` has room for `count` VARIANTs (empty ones, nothing leaks).
            unsafe { values.add(n).write(Variant::from(ITEMS[*next])) };
            *next += 1;
            n += 1;
        }
        if !fetched.is_null() {
            // SAFETY: a non-null `fetched` is writable.
            unsafe { *fetched = n as u32 };
        }
        if n as u32 == count {
            S_OK
        } else {
            S_FALSE
        }
    }

    fn Skip(&self, count: u32) -> HRESULT {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        *next = (*next + count as usize).min(ITEMS.len());
        if *next < ITEMS.len() {
            S_OK
        } else {
            S_FALSE
        }
    }

    fn Reset(&self) -> Result<()> {
        *self.next.lock().unwrap_or_else(|e| e.into_inner()) = 0;
        Ok(())
    }

    fn Clone(&self) -> Result<IEnumVARIANT> {
        let next = *self.next.lock().unwrap_or_else(|e| e.into_inner());
        Ok(Items {
            next: Mutex::new(next),
        }
        .into())
    }
}
