//! CoCreateGuid: a version 4 (random) GUID from the OS's random source.

use crate::hresult::{E_FAIL, S_OK};
use crate::{Guid, HRESULT};
use std::io::Read;

pub(crate) unsafe fn CoCreateGuid(guid: *mut Guid) -> HRESULT {
    let mut bytes = [0u8; 16];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_err()
    {
        return E_FAIL;
    }
    let mut value = u128::from_be_bytes(bytes);
    // RFC 4122: version 4 in the high nibble of data3, variant 10 in the top of data4[0].
    value = (value & !(0xF << 76)) | (0x4 << 76);
    value = (value & !(0x3 << 62)) | (0x2 << 62);
    // SAFETY: the caller passes a writable GUID, as for ole32's CoCreateGuid.
    unsafe { guid.write(Guid::from_u128(value)) };
    S_OK
}
