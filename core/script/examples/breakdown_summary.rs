//! Prints a one-line summary per scene of a screenplay: a quick look at what the
//! breakdown makes of a file (`cargo run -p oneshot-script --example breakdown_summary FILE`).

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: breakdown_summary FILE");
        std::process::exit(2);
    };
    match oneshot_script::load(std::path::Path::new(&path)) {
        Ok(script) => {
            println!("{} ({} scenes)", script.title, script.scenes.len());
            for s in &script.scenes {
                println!(
                    "{:>3} {:<50} {:>6} day {:>2} {:>5.0}s {:?} | {:?} | {:?}",
                    s.number,
                    s.heading,
                    s.pages_label(),
                    s.story_day,
                    s.estimated_seconds,
                    s.speaking,
                    s.mentioned,
                    s.elements
                );
            }
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
}
