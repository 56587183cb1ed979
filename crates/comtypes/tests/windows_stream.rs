//! A Rust COM object handed to Windows: an `IStream` over memory, implemented here with
//! `#[implement]`, read and written by system components that know nothing of Rust:
//! ole32's HGLOBAL stream (`CopyTo` into ours), shell32's shell link (`IPersistStream`
//! saving into and loading from ours) and MSXML 6 (`load` from and `save` to ours, the
//! stream passed as a VT_UNKNOWN argument through IDispatch). It proves our vtables,
//! thunks and calling convention on Windows x64.
//!
//! Windows only (run by `cargo xtask wine-test` under Wine): on other operating systems
//! this file compiles to nothing.
#![cfg(windows)]

mod windows_common;

use comtypes::hresult::{E_FAIL, E_INVALIDARG, E_POINTER, STG_E_INVALIDFUNCTION, S_FALSE, S_OK};
use comtypes::interfaces::{
    IPersist, ISequentialStream_Impl, IStream, IStream_Impl, FILETIME, STATSTG,
};
use comtypes::variant::VT_DISPATCH;
use comtypes::{
    create_instance, create_object, implement, interface, ClassContext, Error, Guid, IDispatch,
    Interface, Ref, Result, TaskMemString, HRESULT,
};
use core::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use windows_common::{
    invoke, on_sta, Arg, IShellLinkW, CLSID_SHELL_LINK, DISPATCH_METHOD, DISPATCH_PROPERTYGET,
};

#[link(name = "ole32")]
extern "system" {
    fn CreateStreamOnHGlobal(
        global: *mut c_void,
        delete_on_release: i32,
        stream: *mut *mut c_void,
    ) -> HRESULT;
}

/// What the system did to our streams.
#[derive(Default)]
struct Calls {
    reads: AtomicU32,
    writes: AtomicU32,
    seeks: AtomicU32,
}

/// An IStream over shared bytes; clones share the bytes and have their own position.
#[implement(IStream)]
struct MemoryStream {
    bytes: Arc<Mutex<Vec<u8>>>,
    position: Mutex<u64>,
    calls: Arc<Calls>,
}

impl MemoryStream {
    fn new(bytes: Vec<u8>) -> (IStream, Arc<Mutex<Vec<u8>>>, Arc<Calls>) {
        let shared = Arc::new(Mutex::new(bytes));
        let calls = Arc::new(Calls::default());
        let stream = MemoryStream {
            bytes: shared.clone(),
            position: Mutex::new(0),
            calls: calls.clone(),
        };
        (stream.into(), shared, calls)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ISequentialStream_Impl for MemoryStream {
    unsafe fn Read(&self, buffer: *mut c_void, count: u32, read: *mut u32) -> HRESULT {
        self.calls.reads.fetch_add(1, Ordering::SeqCst);
        if buffer.is_null() && count > 0 {
            return E_POINTER;
        }
        let bytes = lock(&self.bytes);
        let mut position = lock(&self.position);
        let start = (*position).min(bytes.len() as u64) as usize;
        let n = (bytes.len() - start).min(count as usize);
        // SAFETY: the caller's buffer holds `count` >= `n` bytes; ours holds `start + n`.
        unsafe { core::ptr::copy_nonoverlapping(bytes[start..].as_ptr(), buffer.cast(), n) };
        *position = (start + n) as u64;
        if !read.is_null() {
            // SAFETY: non-null, so writable per the ABI.
            unsafe { read.write(n as u32) };
        }
        if n == count as usize {
            S_OK
        } else {
            S_FALSE
        }
    }

    unsafe fn Write(&self, buffer: *const c_void, count: u32, written: *mut u32) -> Result<()> {
        self.calls.writes.fetch_add(1, Ordering::SeqCst);
        if buffer.is_null() && count > 0 {
            return Err(E_POINTER.into());
        }
        let mut bytes = lock(&self.bytes);
        let mut position = lock(&self.position);
        let start = *position as usize;
        let end = start + count as usize;
        if bytes.len() < end {
            bytes.resize(end, 0);
        }
        // SAFETY: the caller's buffer holds `count` bytes; ours now holds `end`.
        unsafe {
            core::ptr::copy_nonoverlapping(
                buffer.cast::<u8>(),
                bytes[start..end].as_mut_ptr(),
                count as usize,
            )
        };
        *position = end as u64;
        if !written.is_null() {
            // SAFETY: non-null, so writable per the ABI.
            unsafe { written.write(count) };
        }
        Ok(())
    }
}

impl IStream_Impl for MemoryStream {
    fn Seek(&self, offset: i64, origin: u32) -> Result<u64> {
        self.calls.seeks.fetch_add(1, Ordering::SeqCst);
        let len = lock(&self.bytes).len() as i64;
        let mut position = lock(&self.position);
        let base = match origin {
            0 => 0,
            1 => *position as i64,
            2 => len,
            _ => return Err(Error::new(STG_E_INVALIDFUNCTION, "bad seek origin")),
        };
        let target = base
            .checked_add(offset)
            .filter(|t| *t >= 0)
            .ok_or_else(|| Error::new(STG_E_INVALIDFUNCTION, "seek before the start"))?;
        *position = target as u64;
        Ok(target as u64)
    }
    fn SetSize(&self, size: u64) -> Result<()> {
        let size = usize::try_from(size).map_err(|_| Error::from(E_INVALIDARG))?;
        lock(&self.bytes).resize(size, 0);
        Ok(())
    }
    unsafe fn CopyTo(
        &self,
        target: Ref<'_, IStream>,
        count: u64,
        read: *mut u64,
        written: *mut u64,
    ) -> Result<()> {
        let target = target.ok()?;
        let chunk = {
            let bytes = lock(&self.bytes);
            let mut position = lock(&self.position);
            let start = (*position).min(bytes.len() as u64) as usize;
            let n = (bytes.len() - start).min(usize::try_from(count).unwrap_or(usize::MAX));
            *position = (start + n) as u64;
            bytes[start..start + n].to_vec()
        };
        let mut done = 0;
        // SAFETY: `chunk` holds that many bytes; `done` is writable.
        unsafe { target.Write(chunk.as_ptr().cast(), chunk.len() as u32, &mut done)? };
        // SAFETY: non-null out pointers are writable per the ABI.
        unsafe {
            if !read.is_null() {
                read.write(chunk.len() as u64);
            }
            if !written.is_null() {
                written.write(u64::from(done));
            }
        }
        Ok(())
    }
    fn Commit(&self, _flags: u32) -> Result<()> {
        Ok(())
    }
    fn Revert(&self) -> Result<()> {
        Ok(())
    }
    fn LockRegion(&self, _offset: u64, _count: u64, _lock_type: u32) -> Result<()> {
        Err(STG_E_INVALIDFUNCTION.into())
    }
    fn UnlockRegion(&self, _offset: u64, _count: u64, _lock_type: u32) -> Result<()> {
        Err(STG_E_INVALIDFUNCTION.into())
    }
    unsafe fn Stat(&self, stat: *mut STATSTG, flags: u32) -> Result<()> {
        const STATFLAG_NONAME: u32 = 1;
        if stat.is_null() {
            return Err(E_POINTER.into());
        }
        let name = if flags & STATFLAG_NONAME != 0 {
            TaskMemString::default()
        } else {
            TaskMemString::new("rust memory stream")
        };
        let value = STATSTG {
            pwcsName: name,
            r#type: 2, // STGTY_STREAM
            cbSize: lock(&self.bytes).len() as u64,
            mtime: FILETIME::default(),
            ctime: FILETIME::default(),
            atime: FILETIME::default(),
            grfMode: 2, // STGM_READWRITE
            grfLocksSupported: 0,
            clsid: Guid::NULL,
            grfStateBits: 0,
            reserved: 0,
        };
        // SAFETY: non-null and writable per the ABI; the caller's memory may hold garbage,
        // so it is overwritten without dropping it.
        unsafe { stat.write(value) };
        Ok(())
    }
    fn Clone(&self) -> Result<IStream> {
        Ok(MemoryStream {
            bytes: self.bytes.clone(),
            position: Mutex::new(*lock(&self.position)),
            calls: self.calls.clone(),
        }
        .into())
    }
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn hglobal_stream() -> IStream {
    let mut raw = core::ptr::null_mut();
    // SAFETY: a null HGLOBAL asks for a new one, freed with the stream; `raw` is writable.
    let hr = unsafe { CreateStreamOnHGlobal(core::ptr::null_mut(), 1, &mut raw) };
    assert_eq!(hr, S_OK);
    // SAFETY: S_OK: an owned IStream.
    unsafe { IStream::from_raw(raw) }
}

#[test]
fn our_stream_behaves_as_a_stream_through_its_vtable() {
    on_sta(|| {
        let (stream, bytes, calls) = MemoryStream::new(b"hello, world".to_vec());
        let mut buffer = [0u8; 8];
        let mut read = 0;
        // SAFETY: an 8-byte buffer and a writable count.
        let hr = unsafe { stream.Read(buffer.as_mut_ptr().cast(), 8, &mut read) };
        assert_eq!((hr, read, &buffer), (S_OK, 8, b"hello, w"));
        // SAFETY: as above.
        let hr = unsafe { stream.Read(buffer.as_mut_ptr().cast(), 8, &mut read) };
        assert_eq!((hr, read, &buffer[..4]), (S_FALSE, 4, &b"orld"[..]));
        assert_eq!(stream.Seek(-5, 2).unwrap(), 7);
        let clone = stream.Clone().unwrap();
        // SAFETY: a 5-byte source and no count wanted.
        unsafe { clone.Write(b"there".as_ptr().cast(), 5, core::ptr::null_mut()) }.unwrap();
        assert_eq!(&*lock(&bytes), b"hello, there");
        assert_eq!(
            stream.Seek(0, 1).unwrap(),
            7,
            "the clone has its own position"
        );
        let mut stat = STATSTG::default();
        // SAFETY: a writable STATSTG.
        unsafe { stream.Stat(&mut stat, 0) }.unwrap();
        assert_eq!((stat.r#type, stat.cbSize), (2, 12));
        assert_eq!(stat.pwcsName.to_string(), "rust memory stream");
        assert_eq!(
            stream.LockRegion(0, 1, 0).unwrap_err().code(),
            STG_E_INVALIDFUNCTION
        );
        assert_eq!(calls.reads.load(Ordering::SeqCst), 2);
        stream
            .cast::<comtypes::interfaces::ISequentialStream>()
            .unwrap();
        assert!(stream.cast::<IPersist>().is_err());
    });
}

#[test]
fn ole32_copies_an_hglobal_stream_into_ours() {
    on_sta(|| {
        let data = pattern(100_000);
        let source = hglobal_stream();
        let mut written = 0;
        // SAFETY: `data` holds that many bytes.
        unsafe { source.Write(data.as_ptr().cast(), data.len() as u32, &mut written) }.unwrap();
        assert_eq!(written as usize, data.len());
        assert_eq!(source.Seek(0, 0).unwrap(), 0);

        let (ours, bytes, calls) = MemoryStream::new(Vec::new());
        let (mut read, mut wrote) = (0u64, 0u64);
        // SAFETY: writable counts.
        unsafe { source.CopyTo(&ours, u64::MAX, &mut read, &mut wrote) }.unwrap();
        assert_eq!((read, wrote), (data.len() as u64, data.len() as u64));
        assert_eq!(*lock(&bytes), data, "every byte arrived, in order");
        let writes = calls.writes.load(Ordering::SeqCst);
        eprintln!("ole32's CopyTo wrote in {writes} calls");
        assert!(writes >= 1);

        // And back: ole32 reads what we copy into its stream.
        let target = hglobal_stream();
        assert_eq!(ours.Seek(0, 0).unwrap(), 0);
        // SAFETY: writable counts.
        unsafe { ours.CopyTo(&target, 1000, &mut read, &mut wrote) }.unwrap();
        assert_eq!((read, wrote), (1000, 1000));
        assert_eq!(target.Seek(0, 1).unwrap(), 1000);
        assert_eq!(target.Seek(0, 0).unwrap(), 0);
        let mut back = vec![0u8; 1000];
        let mut got = 0;
        // SAFETY: a 1000-byte buffer.
        let hr = unsafe { target.Read(back.as_mut_ptr().cast(), 1000, &mut got) };
        assert_eq!((hr, got), (S_OK, 1000));
        assert_eq!(back, data[..1000]);
    });
}

/// A persistent object saved to and loaded from a stream.
#[interface("00000109-0000-0000-C000-000000000046")]
unsafe trait IPersistStream: IPersist {
    #[hresult]
    fn IsDirty(&self) -> HRESULT;
    fn Load(&self, stream: Ref<'_, IStream>) -> HRESULT;
    fn Save(&self, stream: Ref<'_, IStream>, clear_dirty: i32) -> HRESULT;
    fn GetSizeMax(&self, #[out] size: *mut u64) -> HRESULT;
}

fn description(link: &IShellLinkW) -> String {
    let mut buffer = [0u16; 260];
    // SAFETY: the buffer holds 260 characters.
    unsafe { link.GetDescription(buffer.as_mut_ptr(), 260) }.unwrap();
    let len = buffer.iter().position(|&c| c == 0).unwrap();
    String::from_utf16(&buffer[..len]).unwrap()
}

#[test]
fn a_shell_link_saves_into_and_loads_from_our_stream() {
    on_sta(|| {
        let link: IShellLinkW =
            create_instance(&CLSID_SHELL_LINK, ClassContext::INPROC_SERVER).unwrap();
        let text: Vec<u16> = "saved through a Rust IStream"
            .encode_utf16()
            .chain(Some(0))
            .collect();
        // SAFETY: a NUL-terminated string.
        unsafe { link.SetDescription(text.as_ptr()) }.unwrap();

        let (ours, bytes, calls) = MemoryStream::new(Vec::new());
        let persist = link.cast::<IPersistStream>().unwrap();
        persist.Save(&ours, 1).unwrap();
        let saved = lock(&bytes).clone();
        assert!(calls.writes.load(Ordering::SeqCst) >= 1);
        assert_eq!(saved[..4], [0x4C, 0, 0, 0], "a shell link header");
        assert_eq!(
            saved[4..20],
            CLSID_SHELL_LINK_BYTES,
            "the header names the ShellLink class"
        );

        // A new link reads it back from our stream.
        assert_eq!(ours.Seek(0, 0).unwrap(), 0);
        let loaded: IShellLinkW =
            create_instance(&CLSID_SHELL_LINK, ClassContext::INPROC_SERVER).unwrap();
        loaded
            .cast::<IPersistStream>()
            .unwrap()
            .Load(&ours)
            .unwrap();
        let reads = calls.reads.load(Ordering::SeqCst);
        eprintln!("shell32 read our stream in {reads} calls");
        assert!(reads >= 2);
        assert_eq!(description(&loaded), "saved through a Rust IStream");

        // A truncated stream is refused with an error, not a crash.
        let (short, _, _) = MemoryStream::new(saved[..10].to_vec());
        let fresh: IShellLinkW =
            create_instance(&CLSID_SHELL_LINK, ClassContext::INPROC_SERVER).unwrap();
        let err = fresh
            .cast::<IPersistStream>()
            .unwrap()
            .Load(&short)
            .unwrap_err();
        eprintln!("truncated .lnk stream: {err}");
        assert!(err.code().is_err());
    });
}

const CLSID_SHELL_LINK_BYTES: [u8; 16] = [
    0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
];

#[test]
fn msxml_loads_from_and_saves_to_our_stream() {
    on_sta(|| {
        let doc: IDispatch = create_object("MSXML2.DOMDocument.6.0").unwrap();
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                   <greeting lang=\"en\">h\u{e9}llo <b>world</b></greeting>\n";
        let (ours, _, calls) = MemoryStream::new(xml.as_bytes().to_vec());

        let ok = invoke(&doc, "load", DISPATCH_METHOD, vec![Arg::unknown(&ours)]).unwrap();
        assert_eq!(ok.as_bool(), Some(true), "load succeeded");
        assert!(calls.reads.load(Ordering::SeqCst) >= 1);
        let text = invoke(&doc, "xml", DISPATCH_PROPERTYGET, vec![])
            .unwrap()
            .as_string()
            .unwrap();
        eprintln!("xml: {text:?}");
        assert!(
            text.contains("<greeting lang=\"en\">h\u{e9}llo <b>world</b></greeting>"),
            "{text}"
        );
        let element = invoke(&doc, "documentElement", DISPATCH_PROPERTYGET, vec![]).unwrap();
        assert_eq!(element.0.vt, VT_DISPATCH);
        // SAFETY: the tag says VT_DISPATCH: a live IDispatch owned by `element`.
        let element = unsafe { IDispatch::from_raw_borrowed(&element.0.data.ptr) }
            .unwrap()
            .clone();
        let name = invoke(&element, "nodeName", DISPATCH_PROPERTYGET, vec![]).unwrap();
        assert_eq!(name.as_string().as_deref(), Some("greeting"));

        let (target, saved, calls) = MemoryStream::new(Vec::new());
        invoke(&doc, "save", DISPATCH_METHOD, vec![Arg::unknown(&target)]).unwrap();
        assert!(calls.writes.load(Ordering::SeqCst) >= 1);
        let saved = String::from_utf8(lock(&saved).clone()).expect("UTF-8, as declared");
        eprintln!("saved: {saved:?}");
        assert!(
            saved.contains("<greeting lang=\"en\">h\u{e9}llo <b>world</b></greeting>"),
            "{saved}"
        );

        // Malformed XML from our stream is refused.
        // Windows' MSXML answers VARIANT_FALSE; Wine 8's fails the call with E_FAIL.
        let (bad, _, calls) = MemoryStream::new(b"<open><unclosed></open>".to_vec());
        let outcome = invoke(&doc, "load", DISPATCH_METHOD, vec![Arg::unknown(&bad)]);
        assert!(calls.reads.load(Ordering::SeqCst) >= 1);
        match outcome {
            Ok(ok) => assert_eq!(ok.as_bool(), Some(false)),
            Err(err) => assert_eq!(err.code(), E_FAIL, "{err}"),
        }
    });
}
