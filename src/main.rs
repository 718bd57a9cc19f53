use std::io::Write;
use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;

use crisisdesk::app::App;
use crisisdesk::cli::{self, Cli};
use crisisdesk::domain::Content;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("crisisdesk: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<u8, String> {
    let content = Content::builtin().map_err(|e| format!("built-in content is damaged: {e}"))?;
    let now = Utc::now();
    match &cli.command {
        Some(cmd) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let r = cli::run_command(cli, cmd, content, now, &mut out).map_err(|e| e.0);
            // A closed pipe (`| head`) is not the user's error.
            let _ = out.flush();
            r
        }
        None => {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                return Err("the console needs a terminal; for scripts use a subcommand (see --help)".into());
            }
            let store = cli::open_store(cli.db.as_ref()).map_err(|e| e.0)?;
            let mut app = App::new(store, content, cli.lang, cli.tz, now);
            crisisdesk::term::run(&mut app).map_err(|e| format!("terminal error: {e}"))?;
            Ok(0)
        }
    }
}
