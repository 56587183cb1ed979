//! `Error` and `Result`: an HRESULT plus, when the callee gave them, the IErrorInfo
//! details (description, source, help file and context, interface GUID).

use crate::interfaces::{ICreateErrorInfo, IErrorInfo, ISupportErrorInfo};
use crate::{sys, Guid, IUnknown, Interface, HRESULT};
use core::fmt;

/// `Result<T, comtypes::Error>`, the return type of every fallible call.
pub type Result<T> = core::result::Result<T, Error>;

/// A COM failure: the HRESULT, and the details of IErrorInfo when there are any.
///
/// Small on the success path: 16 bytes, the details boxed.
///
/// ```
/// use comtypes::{hresult::DISP_E_UNKNOWNNAME, Error};
/// let e = Error::from(DISP_E_UNKNOWNNAME);
/// assert_eq!(e.to_string(), "0x80020006 DISP_E_UNKNOWNNAME: Unknown name.");
/// let e = Error::new(DISP_E_UNKNOWNNAME, "no member named Frobnicate");
/// assert_eq!(e.description(), Some("no member named Frobnicate"));
/// assert_eq!(e.to_string(), "0x80020006 DISP_E_UNKNOWNNAME: no member named Frobnicate");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: HRESULT,
    detail: Option<Box<ErrorDetail>>,
}

/// What IErrorInfo says about a failure; empty strings where the callee gave none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorDetail {
    /// The description for a person.
    pub description: String,
    /// The ProgID or name of the component that raised the error.
    pub source: String,
    /// The help file's path.
    pub help_file: String,
    /// The help topic in the help file.
    pub help_context: u32,
    /// The interface that defined the error.
    pub interface: Guid,
}

impl Error {
    /// A failure with a description (kept as IErrorInfo's description when the error
    /// crosses the ABI from an object of ours).
    pub fn new(code: HRESULT, description: impl Into<String>) -> Error {
        Error {
            code,
            detail: Some(Box::new(ErrorDetail {
                description: description.into(),
                ..Default::default()
            })),
        }
    }

    /// A failure with every IErrorInfo field.
    pub fn with_detail(code: HRESULT, detail: ErrorDetail) -> Error {
        Error {
            code,
            detail: Some(Box::new(detail)),
        }
    }

    /// The HRESULT.
    pub fn code(&self) -> HRESULT {
        self.code
    }

    /// The IErrorInfo details, if any.
    pub fn detail(&self) -> Option<&ErrorDetail> {
        self.detail.as_deref()
    }

    /// The description, if one was given and is not empty.
    pub fn description(&self) -> Option<&str> {
        self.detail
            .as_ref()
            .map(|d| d.description.as_str())
            .filter(|d| !d.is_empty())
    }

    /// The source (component name), if one was given.
    pub fn source(&self) -> Option<&str> {
        self.detail
            .as_ref()
            .map(|d| d.source.as_str())
            .filter(|d| !d.is_empty())
    }

    /// The help file, if one was given.
    pub fn help_file(&self) -> Option<&str> {
        self.detail
            .as_ref()
            .map(|d| d.help_file.as_str())
            .filter(|d| !d.is_empty())
    }

    /// The help context (0 when none).
    pub fn help_context(&self) -> u32 {
        self.detail.as_ref().map_or(0, |d| d.help_context)
    }

    /// The GUID of the interface that defined the error (`Guid::NULL` when none).
    pub fn interface(&self) -> Guid {
        self.detail.as_ref().map_or(Guid::NULL, |d| d.interface)
    }

    /// Reads (and takes) the thread's IErrorInfo into an error with `code`.
    pub fn from_thread(code: HRESULT) -> Error {
        let mut raw = core::ptr::null_mut();
        // SAFETY: GetErrorInfo writes an owned pointer or null.
        let hr = unsafe { sys::GetErrorInfo(0, &mut raw) };
        // SAFETY: on S_OK `raw` is an owned IErrorInfo.
        match (hr, unsafe { IErrorInfo::from_raw_opt(raw) }) {
            (crate::hresult::S_OK, Some(info)) => Error::from_error_info(code, &info),
            _ => Error::from(code),
        }
    }

    /// The details an IErrorInfo object gives, with `code`.
    pub fn from_error_info(code: HRESULT, info: &IErrorInfo) -> Error {
        let text =
            |b: crate::Result<crate::Bstr>| b.map(|b| b.to_string_lossy()).unwrap_or_default();
        Error::with_detail(
            code,
            ErrorDetail {
                description: text(info.GetDescription()),
                source: text(info.GetSource()),
                help_file: text(info.GetHelpFile()),
                help_context: info.GetHelpContext().unwrap_or(0),
                interface: info.GetGUID().unwrap_or_default(),
            },
        )
    }

    /// The error of a failed call on `object` through interface `iid`: IErrorInfo is read
    /// only when the object says (ISupportErrorInfo) that it sets it for that interface,
    /// as COM's rules ask, so a stale error of another call is never picked up.
    #[cold]
    pub fn from_call(code: HRESULT, object: &IUnknown, iid: &Guid) -> Error {
        let supported = object
            .cast::<ISupportErrorInfo>()
            .map(|s| s.supports(iid))
            .unwrap_or(false);
        if supported {
            Error::from_thread(code)
        } else {
            Error::from(code)
        }
    }

    /// Makes this error the thread's IErrorInfo (what an object does before returning a
    /// failure), so the caller can read the description.
    pub fn set_thread_error_info(&self) {
        let Some(detail) = self.detail() else {
            // SAFETY: clearing is always allowed.
            unsafe { sys::SetErrorInfo(0, core::ptr::null_mut()) };
            return;
        };
        let mut raw = core::ptr::null_mut();
        // SAFETY: CreateErrorInfo writes an owned ICreateErrorInfo on success.
        let Some(create) = (unsafe {
            if sys::CreateErrorInfo(&mut raw).is_err() {
                return;
            }
            ICreateErrorInfo::from_raw_opt(raw)
        }) else {
            return;
        };
        let wide = crate::wide::to_wide_nul;
        // SAFETY: each string is NUL-terminated and outlives its call.
        unsafe {
            let _ = create.SetDescription(wide(&detail.description).as_ptr());
            let _ = create.SetSource(wide(&detail.source).as_ptr());
            let _ = create.SetHelpFile(wide(&detail.help_file).as_ptr());
            let _ = create.SetHelpContext(detail.help_context);
            let _ = create.SetGUID(&detail.interface);
        }
        if let Ok(info) = create.cast::<IErrorInfo>() {
            // SAFETY: a live IErrorInfo; SetErrorInfo takes its own reference.
            unsafe { sys::SetErrorInfo(0, info.as_raw()) };
        }
    }
}

impl From<HRESULT> for Error {
    fn from(code: HRESULT) -> Error {
        Error { code, detail: None }
    }
}

impl From<Error> for HRESULT {
    fn from(error: Error) -> HRESULT {
        error.code
    }
}

impl From<crate::guid::GuidParseError> for Error {
    fn from(error: crate::guid::GuidParseError) -> Error {
        Error::new(error.hresult(), error.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010X}", self.code.0 as u32)?;
        if let Some(name) = self.code.name() {
            write!(f, " {name}")?;
        }
        match self.description() {
            Some(text) => write!(f, ": {text}")?,
            None => write!(f, ": {}", self.code.message())?,
        }
        if let Some(source) = self.source() {
            write!(f, " (source: {source})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("code", &self.code);
        if let Some(detail) = &self.detail {
            d.field("detail", detail);
        }
        d.finish()
    }
}

impl std::error::Error for Error {}
