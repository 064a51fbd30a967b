//! Reading any text as the config file never panics, and every error is one line once shown
//! (the same `shown::error_line` the binary prints); a config that reads binds every key it
//! names to an action the help can describe.
#![no_main]

use gangmu::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    match Config::default().overlaid(text) {
        Ok(config) => {
            for (key, action) in config.keys.iter() {
                assert!(!key.to_string().is_empty());
                let _ = action.description();
            }
        }
        Err(e) => {
            let line = gangmu::shown::error_line(&e);
            assert!(!line.contains('\n'), "{line}");
        }
    }
});
