//! A shell link (shell32's `ShellLink` class) driven through a vtable-only interface we
//! declare ourselves (`IShellLinkW`, in `windows_common`), plus the library's `IPersistFile`: written to a `.lnk`
//! file, loaded into a second object, and read back.
//!
//! Windows only (run by `cargo xtask wine-test` under Wine): on other operating systems
//! this file compiles to nothing.
#![cfg(windows)]

mod windows_common;

use comtypes::hresult::{S_FALSE, S_OK};
use comtypes::interfaces::IPersistFile;
use comtypes::{create_instance, Apartment, ClassContext, Guid, Interface, HRESULT};
use core::ffi::c_void;
use windows_common::{is_wine, IShellLinkW, CLSID_SHELL_LINK};

#[link(name = "ole32")]
extern "system" {
    fn CoTaskMemFree(block: *mut c_void);
}

const SLGP_RAWPATH: u32 = 4;
const SW_SHOWMINNOACTIVE: i32 = 7;
const STGM_READ: u32 = 0;
/// Ctrl+Alt+T: the virtual key in the low byte, HOTKEYF_CONTROL | HOTKEYF_ALT above it.
const HOTKEY: u16 = 0x0654;
const MAX_PATH: usize = 260;

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// Calls a `Get*(buffer, cch)` method and returns the text it wrote.
fn text_of(get: impl FnOnce(*mut u16, i32) -> comtypes::Result<()>) -> String {
    let mut buffer = [0xFFFFu16; MAX_PATH];
    get(buffer.as_mut_ptr(), buffer.len() as i32).unwrap();
    let len = buffer
        .iter()
        .position(|&c| c == 0)
        .expect("the text is NUL-terminated");
    String::from_utf16(&buffer[..len]).unwrap()
}

fn path_of(link: &IShellLinkW) -> (HRESULT, String) {
    let mut hr = S_OK;
    let text = text_of(|buffer, cch| {
        // SAFETY: `buffer` holds `cch` characters; no find data is asked for.
        hr = unsafe { link.GetPath(buffer, cch, core::ptr::null_mut(), SLGP_RAWPATH) };
        Ok(())
    });
    (hr, text)
}

fn new_link() -> IShellLinkW {
    create_instance(&CLSID_SHELL_LINK, ClassContext::INPROC_SERVER).unwrap()
}

#[test]
fn a_shell_link_is_saved_loaded_and_read_back() {
    std::thread::spawn(|| {
        let _apartment = Apartment::single_threaded().unwrap();
        let target = r"C:\windows\system32\notepad.exe";
        let lnk = std::env::temp_dir().join(format!("comtypes-{:#}.lnk", Guid::new().unwrap()));
        let lnk_text = lnk.to_str().unwrap().to_owned();

        let link = new_link();
        assert_eq!(
            path_of(&link),
            (S_FALSE, String::new()),
            "a new link has no path"
        );
        // SAFETY: each string is NUL-terminated and outlives its call.
        unsafe {
            link.SetPath(wide(target).as_ptr()).unwrap();
            link.SetDescription(wide("Notepad, via comtypes").as_ptr())
                .unwrap();
            link.SetArguments(wide(r#"/p "a file.txt""#).as_ptr())
                .unwrap();
            link.SetWorkingDirectory(wide(r"C:\windows").as_ptr())
                .unwrap();
            link.SetIconLocation(wide(r"C:\windows\system32\shell32.dll").as_ptr(), 3)
                .unwrap();
        }
        link.SetShowCmd(SW_SHOWMINNOACTIVE).unwrap();
        link.SetHotkey(HOTKEY).unwrap();
        assert_eq!(path_of(&link), (S_OK, target.to_owned()));
        assert_eq!(link.GetShowCmd().unwrap(), SW_SHOWMINNOACTIVE);
        // The path made an item ID list (shell memory, freed with CoTaskMemFree).
        let pidl = link.GetIDList().unwrap();
        assert!(!pidl.is_null());
        // SAFETY: the list is ours to free.
        unsafe { CoTaskMemFree(pidl) };

        let file = link.cast::<IPersistFile>().unwrap();
        assert_eq!(file.IsDirty(), S_OK, "set but not saved");
        // SAFETY: a NUL-terminated path.
        unsafe { file.Save(wide(&lnk_text).as_ptr(), 1).unwrap() };
        assert_eq!(file.IsDirty(), S_FALSE);

        // The file is a shell link as Windows writes it: header size, then the CLSID.
        let bytes = std::fs::read(&lnk).unwrap();
        assert_eq!(bytes[..4], [0x4C, 0, 0, 0]);
        assert_eq!(
            bytes[4..20],
            [
                0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x00, 0x46
            ]
        );

        // Show command and hotkey are header fields at 0x3C and 0x40.
        assert_eq!(bytes[0x3C..0x40], [SW_SHOWMINNOACTIVE as u8, 0, 0, 0]);
        assert_eq!(bytes[0x40..0x42], HOTKEY.to_le_bytes());

        // A second object loads it.
        let loaded = new_link();
        let loaded_file = loaded.cast::<IPersistFile>().unwrap();
        // SAFETY: a NUL-terminated path.
        unsafe {
            loaded_file
                .Load(wide(&lnk_text).as_ptr(), STGM_READ)
                .unwrap()
        };
        assert_eq!(loaded_file.IsDirty(), S_FALSE);
        assert_eq!(
            loaded_file.GetCurFile().unwrap().to_string().to_lowercase(),
            lnk_text.to_lowercase()
        );
        assert_eq!(loaded_file.GetClassID().unwrap(), CLSID_SHELL_LINK);
        assert_eq!(path_of(&loaded), (S_OK, target.to_owned()));
        // SAFETY (each closure): `b` holds `n` characters.
        let description = text_of(|b, n| unsafe { loaded.GetDescription(b, n) });
        assert_eq!(description, "Notepad, via comtypes");
        // SAFETY: as above.
        let arguments = text_of(|b, n| unsafe { loaded.GetArguments(b, n) });
        assert_eq!(arguments, r#"/p "a file.txt""#);
        // SAFETY: as above.
        let directory = text_of(|b, n| unsafe { loaded.GetWorkingDirectory(b, n) });
        assert_eq!(directory, r"C:\windows");
        let mut icon_index = -1;
        let icon = text_of(|b, n| {
            // SAFETY: as above.
            icon_index = unsafe { loaded.GetIconLocation(b, n) }?;
            Ok(())
        });
        assert_eq!(
            (icon.as_str(), icon_index),
            (r"C:\windows\system32\shell32.dll", 3)
        );
        // Wine 8 writes the show command (checked above) but does not read it back.
        let show = if is_wine() { 1 } else { SW_SHOWMINNOACTIVE };
        assert_eq!(loaded.GetShowCmd().unwrap(), show);
        assert_eq!(loaded.GetHotkey().unwrap(), HOTKEY);

        // A file that is not there fails with the system's code, as our Error.
        let missing = std::env::temp_dir().join("comtypes-no-such.lnk");
        // SAFETY: a NUL-terminated path.
        let err = unsafe {
            new_link()
                .cast::<IPersistFile>()
                .unwrap()
                .Load(wide(missing.to_str().unwrap()).as_ptr(), STGM_READ)
        }
        .unwrap_err();
        eprintln!("missing .lnk: {err}");
        assert_eq!(err.code(), HRESULT::from_win32(2), "ERROR_FILE_NOT_FOUND");

        std::fs::remove_file(&lnk).unwrap();
    })
    .join()
    .expect("the test thread panicked");
}
