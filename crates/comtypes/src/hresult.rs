//! `HRESULT`: the 32-bit status code every COM method returns.
//!
//! Named constants cover the families COM users meet (`S_*`, `E_*`, `DISP_E_*`,
//! `TYPE_E_*`, `CLASS_E_*`, `CO_E_*`, `REGDB_E_*`, `RPC_E_*`, `CONNECT_E_*`, `STG_E_*`,
//! `OLE_E_*`, `MK_E_*`, `DV_E_*`, ...), with the values of the Windows SDK.
//!
//! ```
//! use comtypes::hresult::{HRESULT, DISP_E_UNKNOWNNAME, E_ACCESSDENIED, HRESULT_FROM_WIN32};
//!
//! let hr = DISP_E_UNKNOWNNAME;
//! assert!(hr.is_err());
//! assert_eq!(hr.name(), Some("DISP_E_UNKNOWNNAME"));
//! # #[cfg(not(windows))]
//! assert_eq!(hr.to_string(), "0x80020006 DISP_E_UNKNOWNNAME: Unknown name.");
//! assert_eq!(HRESULT_FROM_WIN32(5), E_ACCESSDENIED);
//! ```

use core::fmt;

/// A COM status code. Negative values are failures.
///
/// `Display` gives the code in hex, its symbolic name when it has one, and its message:
/// `0x80020006 DISP_E_UNKNOWNNAME: Unknown name.` On Windows the message comes from the
/// system (`FormatMessageW`, so it is localised); elsewhere from a built-in table.
/// `Debug` gives `HRESULT(0x80020006 DISP_E_UNKNOWNNAME)`.
///
/// ```
/// use comtypes::hresult::{HRESULT, E_FAIL, S_OK};
/// assert!(S_OK.is_ok());
/// assert!(E_FAIL.is_err());
/// assert_eq!(format!("{:?}", E_FAIL), "HRESULT(0x80004005 E_FAIL)");
/// assert_eq!(format!("{:#x}", E_FAIL), "0x80004005");
/// assert_eq!(format!("{:?}", HRESULT(0x8004D00Eu32 as i32)), "HRESULT(0x8004D00E)");
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct HRESULT(pub i32);

/// Severity bit value of success codes (`HRESULT::severity`).
pub const SEVERITY_SUCCESS: u32 = 0;
/// Severity bit value of failure codes (`HRESULT::severity`).
pub const SEVERITY_ERROR: u32 = 1;

/// Facility of generic codes such as `E_NOTIMPL`.
pub const FACILITY_NULL: u16 = 0;
/// Facility of `RPC_E_*` codes.
pub const FACILITY_RPC: u16 = 1;
/// Facility of `DISP_E_*` and `TYPE_E_*` codes.
pub const FACILITY_DISPATCH: u16 = 2;
/// Facility of `STG_E_*` codes.
pub const FACILITY_STORAGE: u16 = 3;
/// Facility of interface-specific codes (`CO_E_*`, `CLASS_E_*`, `CONNECT_E_*`, ...).
pub const FACILITY_ITF: u16 = 4;
/// Facility of codes made from Win32 error codes by [`HRESULT_FROM_WIN32`].
pub const FACILITY_WIN32: u16 = 7;
/// Facility of Windows-defined codes.
pub const FACILITY_WINDOWS: u16 = 8;
/// Facility of security (SSPI) codes.
pub const FACILITY_SECURITY: u16 = 9;
/// Facility of ActiveX control codes (`CTL_E_*`).
pub const FACILITY_CONTROL: u16 = 10;

impl HRESULT {
    /// True for success codes (`S_OK`, `S_FALSE`, ...).
    ///
    /// ```
    /// use comtypes::hresult::{S_FALSE, E_FAIL};
    /// assert!(S_FALSE.is_ok());
    /// assert!(!E_FAIL.is_ok());
    /// ```
    pub const fn is_ok(self) -> bool {
        self.0 >= 0
    }

    /// True for failure codes.
    ///
    /// ```
    /// use comtypes::hresult::{S_FALSE, E_FAIL};
    /// assert!(E_FAIL.is_err());
    /// assert!(!S_FALSE.is_err());
    /// ```
    pub const fn is_err(self) -> bool {
        self.0 < 0
    }

    /// Converts a Win32 error code (`GetLastError`) by the `HRESULT_FROM_WIN32` rule:
    /// 0 stays `S_OK`, values that are already negative HRESULTs pass through, and any
    /// other value `x` becomes `0x80070000 | (x & 0xFFFF)`.
    ///
    /// ```
    /// use comtypes::hresult::{HRESULT, E_ACCESSDENIED, E_FAIL, S_OK};
    /// assert_eq!(HRESULT::from_win32(0), S_OK);
    /// assert_eq!(HRESULT::from_win32(5), E_ACCESSDENIED);
    /// assert_eq!(HRESULT::from_win32(0x80004005), E_FAIL);
    /// ```
    pub const fn from_win32(x: u32) -> HRESULT {
        if (x as i32) <= 0 {
            HRESULT(x as i32)
        } else {
            HRESULT(((x & 0x0000_FFFF) | ((FACILITY_WIN32 as u32) << 16) | 0x8000_0000) as i32)
        }
    }

    /// Builds a code from its parts, like `MAKE_HRESULT(sev, fac, code)`.
    ///
    /// ```
    /// use comtypes::hresult::{HRESULT, DISP_E_UNKNOWNNAME, FACILITY_DISPATCH, SEVERITY_ERROR};
    /// assert_eq!(HRESULT::make(SEVERITY_ERROR, FACILITY_DISPATCH, 6), DISP_E_UNKNOWNNAME);
    /// ```
    pub const fn make(severity: u32, facility: u16, code: u16) -> HRESULT {
        HRESULT(((severity << 31) | ((facility as u32) << 16) | code as u32) as i32)
    }

    /// The facility (bits 16..29), like `HRESULT_FACILITY`.
    ///
    /// ```
    /// use comtypes::hresult::{E_ACCESSDENIED, FACILITY_WIN32};
    /// assert_eq!(E_ACCESSDENIED.facility(), FACILITY_WIN32);
    /// ```
    pub const fn facility(self) -> u16 {
        ((self.0 >> 16) & 0x1FFF) as u16
    }

    /// The code (low 16 bits), like `HRESULT_CODE`.
    ///
    /// ```
    /// use comtypes::hresult::E_ACCESSDENIED;
    /// assert_eq!(E_ACCESSDENIED.code(), 5);
    /// ```
    pub const fn code(self) -> u16 {
        (self.0 & 0xFFFF) as u16
    }

    /// The severity bit, like `HRESULT_SEVERITY`: [`SEVERITY_ERROR`] (1) for failures,
    /// [`SEVERITY_SUCCESS`] (0) otherwise.
    ///
    /// ```
    /// use comtypes::hresult::{E_FAIL, S_FALSE, SEVERITY_ERROR, SEVERITY_SUCCESS};
    /// assert_eq!(E_FAIL.severity(), SEVERITY_ERROR);
    /// assert_eq!(S_FALSE.severity(), SEVERITY_SUCCESS);
    /// ```
    pub const fn severity(self) -> u32 {
        (self.0 as u32) >> 31
    }

    /// The Win32 error code inside a failure of [`FACILITY_WIN32`], the inverse of
    /// [`HRESULT::from_win32`].
    ///
    /// ```
    /// use comtypes::hresult::{E_ACCESSDENIED, E_FAIL};
    /// assert_eq!(E_ACCESSDENIED.to_win32(), Some(5));
    /// assert_eq!(E_FAIL.to_win32(), None);
    /// ```
    pub const fn to_win32(self) -> Option<u32> {
        if self.is_err() && self.facility() == FACILITY_WIN32 {
            Some(self.code() as u32)
        } else {
            None
        }
    }

    /// The symbolic name of this code, when it has one (`"DISP_E_UNKNOWNNAME"`).
    ///
    /// A failure of [`FACILITY_WIN32`] without a name of its own is named after the Win32
    /// error inside it (`0x80070002` is `"ERROR_FILE_NOT_FOUND"`). Interface-specific codes
    /// ([`FACILITY_ITF`]) can mean different things for different interfaces; the name
    /// given is the one COM users meet most (`0x80040200` is `CONNECT_E_NOCONNECTION`).
    ///
    /// ```
    /// use comtypes::hresult::{HRESULT, E_NOINTERFACE};
    /// assert_eq!(E_NOINTERFACE.name(), Some("E_NOINTERFACE"));
    /// assert_eq!(HRESULT::from_win32(2).name(), Some("ERROR_FILE_NOT_FOUND"));
    /// assert_eq!(HRESULT(0x8004D00Eu32 as i32).name(), None);
    /// ```
    pub fn name(self) -> Option<&'static str> {
        if let Some(&(_, name, _)) = table_entry(self) {
            return Some(name);
        }
        let code = self.to_win32()?;
        win32_entry(code).map(|&(_, name, _)| name)
    }

    /// The message for this code.
    ///
    /// On Windows it is the system's (`FormatMessageW`), so it is in the user's language;
    /// the built-in table is used for success codes other than `S_OK` (the system would
    /// describe `S_FALSE` as the Win32 error 1) and for interface-specific codes that have
    /// a name here (so message and name agree). Elsewhere the message comes from the
    /// built-in table. Unknown codes give `Unknown error 0x8004D00E.`, unknown Win32 codes
    /// `Unknown Win32 error 1234.`.
    ///
    /// ```
    /// use comtypes::hresult::{HRESULT, DISP_E_UNKNOWNNAME};
    /// # #[cfg(not(windows))] {
    /// assert_eq!(DISP_E_UNKNOWNNAME.message(), "Unknown name.");
    /// assert_eq!(HRESULT(0x8004D00Eu32 as i32).message(), "Unknown error 0x8004D00E.");
    /// # }
    /// assert!(!HRESULT::from_win32(2).message().is_empty());
    /// ```
    pub fn message(self) -> String {
        let entry = table_entry(self);
        let prefer_table =
            entry.is_some() && ((self.0 > 0) || (self.is_err() && self.facility() == FACILITY_ITF));
        if !prefer_table {
            if let Some(m) = system_message(self) {
                return m;
            }
        }
        if let Some(&(_, _, m)) = entry {
            return m.to_owned();
        }
        if let Some(code) = self.to_win32() {
            return match win32_entry(code) {
                Some(&(_, _, m)) => m.to_owned(),
                None => format!("Unknown Win32 error {code}."),
            };
        }
        format!("Unknown error 0x{:08X}.", self.0 as u32)
    }
}

/// `HRESULT_FROM_WIN32`: the same as [`HRESULT::from_win32`], under its SDK name.
///
/// ```
/// use comtypes::hresult::{HRESULT_FROM_WIN32, E_ACCESSDENIED, S_OK};
/// assert_eq!(HRESULT_FROM_WIN32(0), S_OK);
/// assert_eq!(HRESULT_FROM_WIN32(5), E_ACCESSDENIED);
/// ```
#[allow(non_snake_case)]
pub const fn HRESULT_FROM_WIN32(x: u32) -> HRESULT {
    HRESULT::from_win32(x)
}

/// The system's message for `hr`, without the trailing line break.
#[cfg(windows)]
fn system_message(hr: HRESULT) -> Option<String> {
    let m = crate::sys::format_message(hr.0)?;
    let m = m.trim_end();
    if m.is_empty() {
        None
    } else {
        Some(m.to_owned())
    }
}

/// There is no system message table outside Windows.
#[cfg(not(windows))]
fn system_message(_hr: HRESULT) -> Option<String> {
    None
}

impl fmt::Display for HRESULT {
    /// `0x80020006 DISP_E_UNKNOWNNAME: Unknown name.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08X}", self.0 as u32)?;
        if let Some(name) = self.name() {
            write!(f, " {name}")?;
        }
        write!(f, ": {}", self.message())
    }
}

impl fmt::Debug for HRESULT {
    /// `HRESULT(0x80020006 DISP_E_UNKNOWNNAME)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HRESULT(0x{:08X}", self.0 as u32)?;
        if let Some(name) = self.name() {
            write!(f, " {name}")?;
        }
        f.write_str(")")
    }
}

impl fmt::LowerHex for HRESULT {
    /// The code as an unsigned 32-bit number: `80020006` (`{:#010x}` gives `0x80020006`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(&(self.0 as u32), f)
    }
}

impl fmt::UpperHex for HRESULT {
    /// The code as an unsigned 32-bit number: `8004D00E`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::UpperHex::fmt(&(self.0 as u32), f)
    }
}

/// (code, name, message) of the table entry for `hr`, if any.
fn table_entry(hr: HRESULT) -> Option<&'static (u32, &'static str, &'static str)> {
    let v = hr.0 as u32;
    TABLE.iter().find(|e| e.0 == v)
}

/// (code, name, message) of the Win32 error `code`, if known.
fn win32_entry(code: u32) -> Option<&'static (u32, &'static str, &'static str)> {
    WIN32_TABLE.iter().find(|e| e.0 == code)
}

const fn hr(v: u32) -> HRESULT {
    HRESULT(v as i32)
}

macro_rules! hresults {
    ($( $name:ident = $value:literal, $msg:literal; )*) => {
        $(
            #[doc = concat!("`", stringify!($value), "`: ", $msg)]
            pub const $name: HRESULT = hr($value);
        )*
        /// (code, name, message) of every named constant, in the order defined.
        static TABLE: &[(u32, &str, &str)] = &[ $( ($value, stringify!($name), $msg), )* ];
    };
}

/// `0x00000000`: an alias of [`S_OK`].
pub const NOERROR: HRESULT = S_OK;
/// `0x80040200`: `DllRegisterServer` could not register the type library (the same value
/// as [`CONNECT_E_NOCONNECTION`]; interface-specific codes overlap).
pub const SELFREG_E_TYPELIB: HRESULT = hr(0x80040200);
/// `0x80040201`: `DllRegisterServer` could not register the classes (the same value as
/// [`CONNECT_E_ADVISELIMIT`]).
pub const SELFREG_E_CLASS: HRESULT = hr(0x80040201);

hresults! {
    S_OK = 0x00000000, "The operation completed successfully.";
    S_FALSE = 0x00000001, "The operation succeeded with a \"false\" or \"nothing to do\" result.";
    E_PENDING = 0x8000000A, "The data needed to complete this operation is not yet available.";
    E_BOUNDS = 0x8000000B, "The operation tried to access data outside the valid range.";
    E_NOTIMPL = 0x80004001, "Not implemented.";
    E_NOINTERFACE = 0x80004002, "No such interface supported.";
    E_POINTER = 0x80004003, "Invalid pointer.";
    E_ABORT = 0x80004004, "Operation aborted.";
    E_FAIL = 0x80004005, "Unspecified error.";
    E_UNEXPECTED = 0x8000FFFF, "Catastrophic failure.";
    E_ACCESSDENIED = 0x80070005, "Access is denied.";
    E_HANDLE = 0x80070006, "The handle is invalid.";
    E_OUTOFMEMORY = 0x8007000E, "Not enough memory is available to complete this operation.";
    E_INVALIDARG = 0x80070057, "The parameter is incorrect.";
    E_NOT_SUFFICIENT_BUFFER = 0x8007007A, "The data area passed to a system call is too small.";
    E_NOT_VALID_STATE = 0x8007139F, "The object is not in the correct state for the requested operation.";
    CO_E_INIT_TLS = 0x80004006, "Thread local storage failure.";
    CO_E_INIT_ONLY_SINGLE_THREADED = 0x80004012, "Only one thread may call CoInitialize in single-threaded mode.";
    CO_E_CANT_REMOTE = 0x80004013, "The object cannot be reached remotely.";
    CO_E_BAD_SERVER_NAME = 0x80004014, "The server name is not valid.";
    CO_E_WRONG_SERVER_IDENTITY = 0x80004015, "The server is running under a different identity than the one configured.";
    CO_E_RUNAS_LOGON_FAILURE = 0x8000401A, "The server could not be started: logon failure for the configured identity.";
    CO_E_LAUNCH_PERMISSION_DENIED = 0x8000401B, "The server could not be started: launch permission denied.";
    CO_E_START_SERVICE_FAILURE = 0x8000401C, "The server service could not be started.";
    CO_E_REMOTE_COMMUNICATION_FAILURE = 0x8000401D, "Communication with the remote computer failed.";
    CO_E_SERVER_START_TIMEOUT = 0x8000401E, "The server did not respond after being launched.";
    CO_E_CLSREG_INCONSISTENT = 0x8000401F, "The registration of this class is inconsistent.";
    CO_E_IIDREG_INCONSISTENT = 0x80004020, "The registration of this interface is inconsistent.";
    CO_E_NOT_SUPPORTED = 0x80004021, "The requested operation is not supported.";
    CO_E_CLASS_DISABLED = 0x80004027, "The class is disabled.";
    CO_E_SERVER_INIT_TIMEOUT = 0x8000402A, "The server did not finish initialising in time.";
    RPC_E_CALL_REJECTED = 0x80010001, "Call was rejected by callee.";
    RPC_E_CALL_CANCELED = 0x80010002, "Call was canceled by the message filter.";
    RPC_E_CANTPOST_INSENDCALL = 0x80010003, "Cannot post while dispatching an intertask SendMessage call.";
    RPC_E_CANTCALLOUT_INASYNCCALL = 0x80010004, "Cannot call out while dispatching an asynchronous call.";
    RPC_E_CANTCALLOUT_INEXTERNALCALL = 0x80010005, "Cannot call out while inside the message filter.";
    RPC_E_CONNECTION_TERMINATED = 0x80010006, "The connection terminated or is in a bad state and cannot be used.";
    RPC_E_SERVER_DIED = 0x80010007, "The server disappeared; the call may have executed.";
    RPC_E_CLIENT_DIED = 0x80010008, "The client disappeared while the server was processing a call.";
    RPC_E_INVALID_DATAPACKET = 0x80010009, "The marshalled parameter data packet is incorrect.";
    RPC_E_CANTTRANSMIT_CALL = 0x8001000A, "The call was not transmitted properly.";
    RPC_E_CLIENT_CANTMARSHAL_DATA = 0x8001000B, "The client cannot marshal the parameter data.";
    RPC_E_CLIENT_CANTUNMARSHAL_DATA = 0x8001000C, "The client cannot unmarshal the return data.";
    RPC_E_SERVER_CANTMARSHAL_DATA = 0x8001000D, "The server cannot marshal the return data.";
    RPC_E_SERVER_CANTUNMARSHAL_DATA = 0x8001000E, "The server cannot unmarshal the parameter data.";
    RPC_E_INVALID_DATA = 0x8001000F, "Received data is invalid.";
    RPC_E_INVALID_PARAMETER = 0x80010010, "A parameter is invalid and cannot be marshalled or unmarshalled.";
    RPC_E_CANTCALLOUT_AGAIN = 0x80010011, "There is no second outgoing call on the same channel in a DDE conversation.";
    RPC_E_SERVER_DIED_DNE = 0x80010012, "The server disappeared; the call did not execute.";
    RPC_E_SYS_CALL_FAILED = 0x80010100, "System call failed.";
    RPC_E_OUT_OF_RESOURCES = 0x80010101, "Could not allocate a required resource.";
    RPC_E_ATTEMPTED_MULTITHREAD = 0x80010102, "Attempted to make calls on more than one thread in single-threaded mode.";
    RPC_E_NOT_REGISTERED = 0x80010103, "The requested interface is not registered on the server object.";
    RPC_E_FAULT = 0x80010104, "RPC could not call the server or could not return the results.";
    RPC_E_SERVERFAULT = 0x80010105, "The server threw an exception.";
    RPC_E_CHANGED_MODE = 0x80010106, "Cannot change thread mode after it is set.";
    RPC_E_INVALIDMETHOD = 0x80010107, "The method called does not exist on the server.";
    RPC_E_DISCONNECTED = 0x80010108, "The object invoked has disconnected from its clients.";
    RPC_E_RETRY = 0x80010109, "The object chose not to process the call now; try again later.";
    RPC_E_SERVERCALL_RETRYLATER = 0x8001010A, "The message filter indicated that the application is busy.";
    RPC_E_SERVERCALL_REJECTED = 0x8001010B, "The message filter rejected the call.";
    RPC_E_INVALID_CALLDATA = 0x8001010C, "A call control interface was called with invalid data.";
    RPC_E_CANTCALLOUT_ININPUTSYNCCALL = 0x8001010D, "Cannot call out while dispatching an input-synchronous call.";
    RPC_E_WRONG_THREAD = 0x8001010E, "The application called an interface that was marshalled for a different thread.";
    RPC_E_THREAD_NOT_INIT = 0x8001010F, "CoInitialize has not been called on the current thread.";
    RPC_E_VERSION_MISMATCH = 0x80010110, "The COM versions on the client and server do not match.";
    RPC_E_INVALID_HEADER = 0x80010111, "Received a packet with an invalid header.";
    RPC_E_INVALID_EXTENSION = 0x80010112, "Received a packet with an invalid extension.";
    RPC_E_INVALID_IPID = 0x80010113, "The requested object or interface does not exist.";
    RPC_E_INVALID_OBJECT = 0x80010114, "The requested object does not exist.";
    RPC_S_CALLPENDING = 0x80010115, "A request was sent and a reply is awaited.";
    RPC_S_WAITONTIMER = 0x80010116, "Waiting before retrying a request.";
    RPC_E_CALL_COMPLETE = 0x80010117, "The call context cannot be accessed after the call completed.";
    RPC_E_UNSECURE_CALL = 0x80010118, "Impersonation on unsecure calls is not supported.";
    RPC_E_TOO_LATE = 0x80010119, "Security must be initialised before any interface is marshalled or unmarshalled.";
    RPC_E_NO_GOOD_SECURITY_PACKAGES = 0x8001011A, "No compatible security packages are available.";
    RPC_E_ACCESS_DENIED = 0x8001011B, "Access is denied.";
    RPC_E_REMOTE_DISABLED = 0x8001011C, "Remote calls are not allowed for this process.";
    RPC_E_INVALID_OBJREF = 0x8001011D, "The marshalled interface data (OBJREF) has an invalid or unknown format.";
    RPC_E_NO_CONTEXT = 0x8001011E, "No context is associated with this call.";
    RPC_E_TIMEOUT = 0x8001011F, "The operation timed out.";
    RPC_E_NO_SYNC = 0x80010120, "There are no synchronisation objects to wait on.";
    RPC_E_UNEXPECTED = 0x8001FFFF, "An internal error occurred.";
    DISP_E_UNKNOWNINTERFACE = 0x80020001, "Unknown interface.";
    DISP_E_MEMBERNOTFOUND = 0x80020003, "Member not found.";
    DISP_E_PARAMNOTFOUND = 0x80020004, "Parameter not found.";
    DISP_E_TYPEMISMATCH = 0x80020005, "Type mismatch.";
    DISP_E_UNKNOWNNAME = 0x80020006, "Unknown name.";
    DISP_E_NONAMEDARGS = 0x80020007, "No named arguments.";
    DISP_E_BADVARTYPE = 0x80020008, "Bad variable type.";
    DISP_E_EXCEPTION = 0x80020009, "Exception occurred.";
    DISP_E_OVERFLOW = 0x8002000A, "Out of present range.";
    DISP_E_BADINDEX = 0x8002000B, "Invalid index.";
    DISP_E_UNKNOWNLCID = 0x8002000C, "Unknown language.";
    DISP_E_ARRAYISLOCKED = 0x8002000D, "Memory is locked.";
    DISP_E_BADPARAMCOUNT = 0x8002000E, "Invalid number of parameters.";
    DISP_E_PARAMNOTOPTIONAL = 0x8002000F, "Parameter not optional.";
    DISP_E_BADCALLEE = 0x80020010, "Invalid callee.";
    DISP_E_NOTACOLLECTION = 0x80020011, "Does not support a collection.";
    DISP_E_DIVBYZERO = 0x80020012, "Division by zero.";
    TYPE_E_BUFFERTOOSMALL = 0x80028016, "Buffer too small.";
    TYPE_E_FIELDNOTFOUND = 0x80028017, "Field name not defined in the record.";
    TYPE_E_INVDATAREAD = 0x80028018, "Old format or invalid type library.";
    TYPE_E_UNSUPFORMAT = 0x80028019, "Old format or invalid type library.";
    TYPE_E_REGISTRYACCESS = 0x8002801C, "Error accessing the COM registry.";
    TYPE_E_LIBNOTREGISTERED = 0x8002801D, "Library not registered.";
    TYPE_E_UNDEFINEDTYPE = 0x80028027, "Bound to unknown type.";
    TYPE_E_QUALIFIEDNAMEDISALLOWED = 0x80028028, "Qualified name disallowed.";
    TYPE_E_INVALIDSTATE = 0x80028029, "Invalid forward reference, or reference to uncompiled type.";
    TYPE_E_WRONGTYPEKIND = 0x8002802A, "Type mismatch.";
    TYPE_E_ELEMENTNOTFOUND = 0x8002802B, "Element not found.";
    TYPE_E_AMBIGUOUSNAME = 0x8002802C, "Ambiguous name.";
    TYPE_E_NAMECONFLICT = 0x8002802D, "Name already exists in the library.";
    TYPE_E_UNKNOWNLCID = 0x8002802E, "Unknown LCID.";
    TYPE_E_DLLFUNCTIONNOTFOUND = 0x8002802F, "Function not defined in specified DLL.";
    TYPE_E_BADMODULEKIND = 0x800288BD, "Wrong module kind for the operation.";
    TYPE_E_SIZETOOBIG = 0x800288C5, "Size may not exceed 64K.";
    TYPE_E_DUPLICATEID = 0x800288C6, "Duplicate ID in inheritance hierarchy.";
    TYPE_E_INVALIDID = 0x800288CF, "Incorrect inheritance depth in standard OLE hmember.";
    TYPE_E_TYPEMISMATCH = 0x80028CA0, "Type mismatch.";
    TYPE_E_OUTOFBOUNDS = 0x80028CA1, "Invalid number of arguments.";
    TYPE_E_IOERROR = 0x80028CA2, "I/O error.";
    TYPE_E_CANTCREATETMPFILE = 0x80028CA3, "Error creating unique temporary file.";
    TYPE_E_CANTLOADLIBRARY = 0x80029C4A, "Error loading type library/DLL.";
    TYPE_E_INCONSISTENTPROPFUNCS = 0x80029C83, "Inconsistent property functions.";
    TYPE_E_CIRCULARTYPE = 0x80029C84, "Circular dependency between types/modules.";
    STG_S_CONVERTED = 0x00030200, "The underlying file was converted to compound file format.";
    STG_E_INVALIDFUNCTION = 0x80030001, "Unable to perform requested operation.";
    STG_E_FILENOTFOUND = 0x80030002, "The file could not be found.";
    STG_E_PATHNOTFOUND = 0x80030003, "The path could not be found.";
    STG_E_TOOMANYOPENFILES = 0x80030004, "There are insufficient resources to open another file.";
    STG_E_ACCESSDENIED = 0x80030005, "Access denied.";
    STG_E_INVALIDHANDLE = 0x80030006, "Attempted an operation on an invalid object.";
    STG_E_INSUFFICIENTMEMORY = 0x80030008, "There is insufficient memory available to complete the operation.";
    STG_E_INVALIDPOINTER = 0x80030009, "Invalid pointer error.";
    STG_E_NOMOREFILES = 0x80030012, "There are no more entries to return.";
    STG_E_DISKISWRITEPROTECTED = 0x80030013, "Disk is write-protected.";
    STG_E_SEEKERROR = 0x80030019, "An error occurred during a seek operation.";
    STG_E_WRITEFAULT = 0x8003001D, "A disk error occurred during a write operation.";
    STG_E_READFAULT = 0x8003001E, "A disk error occurred during a read operation.";
    STG_E_SHAREVIOLATION = 0x80030020, "A share violation has occurred.";
    STG_E_LOCKVIOLATION = 0x80030021, "A lock violation has occurred.";
    STG_E_FILEALREADYEXISTS = 0x80030050, "The file already exists.";
    STG_E_INVALIDPARAMETER = 0x80030057, "Invalid parameter error.";
    STG_E_MEDIUMFULL = 0x80030070, "There is insufficient disk space to complete the operation.";
    STG_E_ABNORMALAPIEXIT = 0x800300FA, "Illegal write of non-simple property to simple property set.";
    STG_E_INVALIDHEADER = 0x800300FB, "The file is not a valid compound file.";
    STG_E_INVALIDNAME = 0x800300FC, "The name is not valid.";
    STG_E_UNKNOWN = 0x800300FD, "An unexpected error occurred.";
    STG_E_UNIMPLEMENTEDFUNCTION = 0x800300FE, "That function is not implemented.";
    STG_E_INVALIDFLAG = 0x800300FF, "Invalid flag error.";
    STG_E_INUSE = 0x80030100, "Attempted to use an object that is busy.";
    STG_E_NOTCURRENT = 0x80030101, "The storage has been changed since the last commit.";
    STG_E_REVERTED = 0x80030102, "Attempted to use an object that has ceased to exist.";
    STG_E_CANTSAVE = 0x80030103, "Can't save.";
    STG_E_OLDFORMAT = 0x80030104, "The compound file was produced with an incompatible version of storage.";
    STG_E_OLDDLL = 0x80030105, "The compound file was produced with a newer version of storage.";
    STG_E_SHAREREQUIRED = 0x80030106, "Share.exe or equivalent is required for the operation.";
    STG_E_NOTFILEBASEDSTORAGE = 0x80030107, "Illegal operation called on non-file based storage.";
    STG_E_EXTANTMARSHALLINGS = 0x80030108, "Illegal operation called on object with extant marshallings.";
    STG_E_DOCFILECORRUPT = 0x80030109, "The docfile has been corrupted.";
    OLE_S_USEREG = 0x00040000, "Use the registry database to provide the requested information.";
    OLE_S_STATIC = 0x00040001, "Success, but static.";
    OLE_S_MAC_CLIPFORMAT = 0x00040002, "Macintosh clipboard format.";
    OLE_E_OLEVERB = 0x80040000, "Invalid OLEVERB structure.";
    OLE_E_ADVF = 0x80040001, "Invalid advise flags.";
    OLE_E_ENUM_NOMORE = 0x80040002, "Can't enumerate any more, because the associated data is missing.";
    OLE_E_ADVISENOTSUPPORTED = 0x80040003, "This implementation doesn't take advises.";
    OLE_E_NOCONNECTION = 0x80040004, "There is no connection for this connection ID.";
    OLE_E_NOTRUNNING = 0x80040005, "Need to run the object to perform this operation.";
    OLE_E_NOCACHE = 0x80040006, "There is no cache to operate on.";
    OLE_E_BLANK = 0x80040007, "Uninitialized object.";
    OLE_E_CLASSDIFF = 0x80040008, "Linked object's source class has changed.";
    OLE_E_CANT_GETMONIKER = 0x80040009, "Not able to get the moniker of the object.";
    OLE_E_CANT_BINDTOSOURCE = 0x8004000A, "Not able to bind to the source.";
    OLE_E_STATIC = 0x8004000B, "Object is static; operation not allowed.";
    OLE_E_PROMPTSAVECANCELLED = 0x8004000C, "User canceled out of the save dialog.";
    OLE_E_INVALIDRECT = 0x8004000D, "Invalid rectangle.";
    OLE_E_WRONGCOMPOBJ = 0x8004000E, "compobj.dll is too old for the ole2.dll initialized.";
    OLE_E_INVALIDHWND = 0x8004000F, "Invalid window handle.";
    OLE_E_NOT_INPLACEACTIVE = 0x80040010, "Object is not in any of the in-place active states.";
    OLE_E_CANTCONVERT = 0x80040011, "Not able to convert object.";
    OLE_E_NOSTORAGE = 0x80040012, "Not able to perform the operation because the object is not given storage yet.";
    DV_E_FORMATETC = 0x80040064, "Invalid FORMATETC structure.";
    DV_E_DVTARGETDEVICE = 0x80040065, "Invalid DVTARGETDEVICE structure.";
    DV_E_STGMEDIUM = 0x80040066, "Invalid STGMEDIUM structure.";
    DV_E_STATDATA = 0x80040067, "Invalid STATDATA structure.";
    DV_E_LINDEX = 0x80040068, "Invalid lindex.";
    DV_E_TYMED = 0x80040069, "Invalid tymed.";
    DV_E_CLIPFORMAT = 0x8004006A, "Invalid clipboard format.";
    DV_E_DVASPECT = 0x8004006B, "Invalid aspect(s).";
    DV_E_DVTARGETDEVICE_SIZE = 0x8004006C, "The tdSize parameter of the DVTARGETDEVICE structure is invalid.";
    DV_E_NOIVIEWOBJECT = 0x8004006D, "Object doesn't support the IViewObject interface.";
    DRAGDROP_S_DROP = 0x00040100, "Successful drop took place.";
    DRAGDROP_S_CANCEL = 0x00040101, "Drag-drop operation canceled.";
    DRAGDROP_S_USEDEFAULTCURSORS = 0x00040102, "Use the default cursor.";
    DRAGDROP_E_NOTREGISTERED = 0x80040100, "Trying to revoke a drop target that has not been registered.";
    DRAGDROP_E_ALREADYREGISTERED = 0x80040101, "This window has already been registered as a drop target.";
    DRAGDROP_E_INVALIDHWND = 0x80040102, "Invalid window handle.";
    CLASS_E_NOAGGREGATION = 0x80040110, "Class does not support aggregation (or class object is remote).";
    CLASS_E_CLASSNOTAVAILABLE = 0x80040111, "ClassFactory cannot supply requested class.";
    CLASS_E_NOTLICENSED = 0x80040112, "Class is not licensed for use.";
    DATA_S_SAMEFORMATETC = 0x00040130, "Data has the same FORMATETC.";
    VIEW_E_DRAW = 0x80040140, "Error drawing view.";
    REGDB_E_READREGDB = 0x80040150, "Could not read key from registry.";
    REGDB_E_WRITEREGDB = 0x80040151, "Could not write key to registry.";
    REGDB_E_KEYMISSING = 0x80040152, "Could not find the key in the registry.";
    REGDB_E_INVALIDVALUE = 0x80040153, "Invalid value for registry.";
    REGDB_E_CLASSNOTREG = 0x80040154, "Class not registered.";
    REGDB_E_IIDNOTREG = 0x80040155, "Interface not registered.";
    CAT_E_CATIDNOEXIST = 0x80040160, "Category does not exist.";
    CAT_E_NODESCRIPTION = 0x80040161, "Description not found.";
    CACHE_E_NOCACHE_UPDATED = 0x80040170, "Cache not updated.";
    OLEOBJ_E_NOVERBS = 0x80040180, "No verbs for OLE object.";
    OLEOBJ_E_INVALIDVERB = 0x80040181, "Invalid verb for OLE object.";
    CLIPBRD_E_CANT_OPEN = 0x800401D0, "OpenClipboard failed.";
    CLIPBRD_E_CANT_EMPTY = 0x800401D1, "EmptyClipboard failed.";
    CLIPBRD_E_CANT_SET = 0x800401D2, "SetClipboard failed.";
    CLIPBRD_E_BAD_DATA = 0x800401D3, "Data on clipboard is invalid.";
    CLIPBRD_E_CANT_CLOSE = 0x800401D4, "CloseClipboard failed.";
    MK_S_REDUCED_TO_SELF = 0x000401E2, "Moniker reduced to itself.";
    MK_S_ME = 0x000401E4, "Common prefix is this moniker.";
    MK_S_HIM = 0x000401E5, "Common prefix is input moniker.";
    MK_S_US = 0x000401E6, "Common prefix is both monikers.";
    MK_S_MONIKERALREADYREGISTERED = 0x000401E7, "Moniker is already registered in the running object table.";
    MK_E_CONNECTMANUALLY = 0x800401E0, "Moniker needs to be connected manually.";
    MK_E_EXCEEDEDDEADLINE = 0x800401E1, "Operation exceeded deadline.";
    MK_E_NEEDGENERIC = 0x800401E2, "Moniker needs to be generic.";
    MK_E_UNAVAILABLE = 0x800401E3, "Operation unavailable.";
    MK_E_SYNTAX = 0x800401E4, "Invalid syntax.";
    MK_E_NOOBJECT = 0x800401E5, "No object for moniker.";
    MK_E_INVALIDEXTENSION = 0x800401E6, "Bad extension for file.";
    MK_E_INTERMEDIATEINTERFACENOTSUPPORTED = 0x800401E7, "Intermediate operation failed.";
    MK_E_NOTBINDABLE = 0x800401E8, "Moniker is not bindable.";
    MK_E_NOTBOUND = 0x800401E9, "Moniker is not bound.";
    MK_E_CANTOPENFILE = 0x800401EA, "Moniker cannot open file.";
    MK_E_MUSTBOTHERUSER = 0x800401EB, "User input required for operation to succeed.";
    MK_E_NOINVERSE = 0x800401EC, "Moniker class has no inverse.";
    MK_E_NOSTORAGE = 0x800401ED, "Moniker does not refer to storage.";
    MK_E_NOPREFIX = 0x800401EE, "No common prefix.";
    MK_E_ENUMERATION_FAILED = 0x800401EF, "Moniker could not be enumerated.";
    CO_E_NOTINITIALIZED = 0x800401F0, "CoInitialize has not been called.";
    CO_E_ALREADYINITIALIZED = 0x800401F1, "CoInitialize has already been called.";
    CO_E_CANTDETERMINECLASS = 0x800401F2, "Class of object cannot be determined.";
    CO_E_CLASSSTRING = 0x800401F3, "Invalid class string.";
    CO_E_IIDSTRING = 0x800401F4, "Invalid interface string.";
    CO_E_APPNOTFOUND = 0x800401F5, "Application not found.";
    CO_E_APPSINGLEUSE = 0x800401F6, "Application cannot be run more than once.";
    CO_E_ERRORINAPP = 0x800401F7, "Some error in application program.";
    CO_E_DLLNOTFOUND = 0x800401F8, "DLL for class not found.";
    CO_E_ERRORINDLL = 0x800401F9, "Error in the DLL.";
    CO_E_WRONGOSFORAPP = 0x800401FA, "Wrong operating system or operating system version for the application.";
    CO_E_OBJNOTREG = 0x800401FB, "Object is not registered.";
    CO_E_OBJISREG = 0x800401FC, "Object is already registered.";
    CO_E_OBJNOTCONNECTED = 0x800401FD, "Object is not connected to server.";
    CO_E_APPDIDNTREG = 0x800401FE, "Application was launched but it didn't register a class factory.";
    CO_E_RELEASED = 0x800401FF, "Object has been released.";
    CONNECT_E_NOCONNECTION = 0x80040200, "There is no connection for this connection ID.";
    CONNECT_E_ADVISELIMIT = 0x80040201, "The limit on advisory connections has been reached.";
    CONNECT_E_CANNOTCONNECT = 0x80040202, "Connection attempt failed.";
    CONNECT_E_OVERRIDDEN = 0x80040203, "Must use a derived interface to connect.";
    CO_E_FAILEDTOGENUUID = 0x80040213, "Unable to generate a UUID.";
    CO_E_ACNOTINITIALIZED = 0x8004021B, "The activation context is not initialised.";
    CO_S_NOTALLINTERFACES = 0x00080012, "Not all the requested interfaces were available.";
    CO_E_CLASS_CREATE_FAILED = 0x80080001, "Attempt to create a class object failed.";
    CO_E_SCM_ERROR = 0x80080002, "The service control manager could not find the class.";
    CO_E_SCM_RPC_FAILURE = 0x80080003, "Calling the service control manager failed.";
    CO_E_BAD_PATH = 0x80080004, "The server path is bad.";
    CO_E_SERVER_EXEC_FAILURE = 0x80080005, "Server execution failed.";
    CO_E_OBJSRV_RPC_FAILURE = 0x80080006, "Communicating with the object server failed.";
    MK_E_NO_NORMALIZED = 0x80080007, "Moniker path could not be normalised.";
    CO_E_SERVER_STOPPING = 0x80080008, "The object server is stopping.";
    E_NOT_SET = 0x80070490, "Element not found.";
}

/// Common Win32 error codes met inside `HRESULT_FROM_WIN32` failures: (code, name, message).
static WIN32_TABLE: &[(u32, &str, &str)] = &[
    (1, "ERROR_INVALID_FUNCTION", "Incorrect function."),
    (
        2,
        "ERROR_FILE_NOT_FOUND",
        "The system cannot find the file specified.",
    ),
    (
        3,
        "ERROR_PATH_NOT_FOUND",
        "The system cannot find the path specified.",
    ),
    (
        4,
        "ERROR_TOO_MANY_OPEN_FILES",
        "The system cannot open the file.",
    ),
    (5, "ERROR_ACCESS_DENIED", "Access is denied."),
    (6, "ERROR_INVALID_HANDLE", "The handle is invalid."),
    (
        8,
        "ERROR_NOT_ENOUGH_MEMORY",
        "Not enough memory is available to process this command.",
    ),
    (
        11,
        "ERROR_BAD_FORMAT",
        "An attempt was made to load a program with an incorrect format.",
    ),
    (13, "ERROR_INVALID_DATA", "The data is invalid."),
    (
        14,
        "ERROR_OUTOFMEMORY",
        "Not enough memory is available to complete this operation.",
    ),
    (21, "ERROR_NOT_READY", "The device is not ready."),
    (
        32,
        "ERROR_SHARING_VIOLATION",
        "The file is being used by another process.",
    ),
    (
        33,
        "ERROR_LOCK_VIOLATION",
        "Another process has locked a portion of the file.",
    ),
    (38, "ERROR_HANDLE_EOF", "Reached the end of the file."),
    (50, "ERROR_NOT_SUPPORTED", "The request is not supported."),
    (80, "ERROR_FILE_EXISTS", "The file exists."),
    (87, "ERROR_INVALID_PARAMETER", "The parameter is incorrect."),
    (109, "ERROR_BROKEN_PIPE", "The pipe has been ended."),
    (
        120,
        "ERROR_CALL_NOT_IMPLEMENTED",
        "This function is not supported on this system.",
    ),
    (
        122,
        "ERROR_INSUFFICIENT_BUFFER",
        "The data area passed to a system call is too small.",
    ),
    (
        123,
        "ERROR_INVALID_NAME",
        "The file name, directory name, or volume label syntax is incorrect.",
    ),
    (
        126,
        "ERROR_MOD_NOT_FOUND",
        "The specified module could not be found.",
    ),
    (
        127,
        "ERROR_PROC_NOT_FOUND",
        "The specified procedure could not be found.",
    ),
    (
        183,
        "ERROR_ALREADY_EXISTS",
        "Cannot create a file when that file already exists.",
    ),
    (
        193,
        "ERROR_BAD_EXE_FORMAT",
        "Not a valid application for this platform.",
    ),
    (234, "ERROR_MORE_DATA", "More data is available."),
    (259, "ERROR_NO_MORE_ITEMS", "No more data is available."),
    (998, "ERROR_NOACCESS", "Invalid access to memory location."),
    (
        1114,
        "ERROR_DLL_INIT_FAILED",
        "A dynamic link library (DLL) initialization routine failed.",
    ),
    (1168, "ERROR_NOT_FOUND", "Element not found."),
    (
        1223,
        "ERROR_CANCELLED",
        "The operation was canceled by the user.",
    ),
    (
        1460,
        "ERROR_TIMEOUT",
        "This operation returned because the timeout period expired.",
    ),
    (
        1722,
        "RPC_S_SERVER_UNAVAILABLE",
        "The RPC server is unavailable.",
    ),
    (
        1812,
        "ERROR_RESOURCE_DATA_NOT_FOUND",
        "The specified image file did not contain a resource section.",
    ),
    (
        1813,
        "ERROR_RESOURCE_TYPE_NOT_FOUND",
        "The specified resource type cannot be found in the image file.",
    ),
    (
        1814,
        "ERROR_RESOURCE_NAME_NOT_FOUND",
        "The specified resource name cannot be found in the image file.",
    ),
    (
        5023,
        "ERROR_INVALID_STATE",
        "The object is not in the correct state for the requested operation.",
    ),
];
