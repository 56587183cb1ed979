//! Without an apartment, creating objects fails with CO_E_NOTINITIALIZED, as on
//! Windows. A test binary of its own: no other test may have joined the MTA.

use comtypes::hresult::CO_E_NOTINITIALIZED;
use comtypes::{create_instance, ClassContext, Guid, IUnknown};

#[test]
fn creating_without_an_apartment_is_co_e_notinitialized() {
    let err = create_instance::<IUnknown>(&Guid::from_u128(1), ClassContext::ALL).unwrap_err();
    assert_eq!(err.code(), CO_E_NOTINITIALIZED);
}
