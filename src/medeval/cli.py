"""The `medeval` command: one click group, each sub-command a thin call into a package.

Heavy libraries (torch, transformers, lm_eval, inspect_ai) are imported only inside the commands
that need them, so `medeval --help`, `medeval gate` and `medeval report` stay fast.
"""

from __future__ import annotations

import sys

import click

from medeval.errors import MedevalError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="medeval")
def cli() -> None:
    """medeval: evaluate medical language models and decide whether they may ship.

    Research and education only: medeval evaluates models; it never gives medical advice.
    """


def main() -> None:
    """Console entry point: user mistakes become one paragraph on stderr and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except MedevalError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)


# ---------------------------------------------------------------- run, models, suites


# ---------------------------------------------------------------- gate, report, compare

