use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object(i32);

#[comtypes::dispatch]
impl Object {
    fn bump(&mut self) {
        self.0 += 1;
    }
}

fn main() {}
