use comtypes::IUnknown;

#[comtypes::implement(IUnknown)]
struct Object;

fn main() {}
