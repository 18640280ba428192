//! `duban seed --scale N`: the province-scale data set, with a progress bar.

use std::time::Instant;

use duban::services::{self, Ctx, scale::Progress};
use indicatif::{ProgressBar, ProgressStyle};

struct Bar(ProgressBar);

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        self.0.set_position(0);
        self.0.set_length(total);
        self.0.set_message(name.to_owned());
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

pub async fn scale(ctx: &Ctx, tasks: u64) -> Result<(), String> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} {per_sec} eta {eta}")
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
    );
    let started = Instant::now();
    let made = services::scale::seed(ctx, tasks, &Bar(bar.clone())).await.map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    println!(
        "seeded {} units, {} accounts, {} directives and {} tasks in {:.1} s",
        made.units,
        made.users,
        made.directives,
        made.tasks,
        started.elapsed().as_secs_f64()
    );
    println!(
        "accounts: p-leader (leader), p-secretariat (secretariat) and admin at the root, and one officer per unit named \
         by its key (e.g. c0, c0-k0, c0-k0-e0); every password is {}",
        services::demo::DEMO_PASSWORD
    );
    Ok(())
}
