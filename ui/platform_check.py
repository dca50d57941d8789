"""Before Qt starts: can the chosen window-system plugin load here? If not, say what to install.

On Linux under X, Qt loads its ``xcb`` platform plugin when the QApplication is created. When a library that
plugin needs is missing, Qt prints a message that blames ``xcb-cursor0`` whatever is missing, and aborts
the process with a core dump. The app asks first: it finds the plugin, lists the shared libraries it
cannot resolve (``ldd`` where there is one, else loading it with ``ctypes``), and prints in words which
packages to install. Nothing here imports a Qt module that would need the window system.

The message is built with :func:`workbench.i18n.t`, not Qt's translators: none is installed yet.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.i18n import t

# Every library Qt's xcb plugin needs beyond the offscreen set (Debian package names); README and .ci/run
# list the same.
XCB_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-util1",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
)

# Where the Debian package name is not the library's name with its version appended.
_PACKAGE_OF: dict[str, str] = {
    "libxcb-util.so.1": "libxcb-util1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CTYPES_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class PlatformProblem:
    """Why the window-system plugin cannot start, in words, with what to install."""

    platform: str
    missing: tuple[str, ...]  # shared libraries that could not be found
    packages: tuple[str, ...]  # Debian/Ubuntu packages that provide them
    no_display: bool = False

    def message(self) -> str:
        if self.no_display:
            return t(
                "无法打开窗口：没有可用的图形显示（未设置 DISPLAY）。请在桌面环境中启动，"
                "或用 QT_QPA_PLATFORM=offscreen 在无显示器的环境中运行。",
                "Cannot open a window: there is no graphical display (DISPLAY is not set). Start the app "
                "from a desktop session, or run it with QT_QPA_PLATFORM=offscreen where there is no screen.",
            )
        install = "sudo apt-get install " + " ".join(self.packages)
        return t(
            "无法打开窗口：Qt 的 {p} 显示插件缺少系统库 {libs}。\n"
            "在 Debian/Ubuntu 上安装：\n  {cmd}\n"
            "（其他 Linux 发行版请安装提供这些库的软件包。）",
            "Cannot open a window: Qt's {p} display plugin is missing the system libraries {libs}.\n"
            "On Debian/Ubuntu install them with:\n  {cmd}\n"
            "(On other Linux distributions, install the packages that provide these libraries.)",
            p=self.platform,
            libs=", ".join(self.missing),
            cmd=install,
        )


def package_for(soname: str) -> str:
    """The Debian package that ships a library: ``libxcb-icccm.so.4`` → ``libxcb-icccm4``."""
    if soname in _PACKAGE_OF:
        return _PACKAGE_OF[soname]
    name, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    name = name.lower()
    if not version:
        return name
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def chosen_platform(argv: Sequence[str], env: Mapping[str, str], system: str = sys.platform) -> str | None:
    """The platform plugin Qt will load: ``-platform NAME``, else QT_QPA_PLATFORM, else the default.

    Only Linux (and other X11 systems) is decided here; None elsewhere, where Qt's own plugins ship with it.
    """
    for i, arg in enumerate(argv):
        if arg in {"-platform", "--platform"} and i + 1 < len(argv):
            return argv[i + 1].split(":")[0]
    requested = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested:
        return requested
    if not system.startswith(("linux", "freebsd", "openbsd")):
        return None
    if env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return "wayland"
    return "xcb"


def plugin_path(platform: str) -> Path | None:
    """The platform plugin's file inside the PySide6 installation (or the frozen app)."""
    try:
        import PySide6
    except ImportError:
        return None
    roots = [Path(PySide6.__file__).parent / "Qt" / "plugins"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.insert(0, Path(bundle) / "PySide6" / "Qt" / "plugins")
    for root in roots:
        candidate = root / "platforms" / f"libq{platform}.so"
        if candidate.exists():
            return candidate
    return None


def run_ldd(path: Path) -> str | None:
    """``ldd``'s report on ``path``; None where there is no ``ldd``."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout


def load_with_ctypes(path: Path) -> str | None:
    """The loader's complaint when ``path`` cannot be loaded (names the first missing library); else None."""
    try:
        ctypes.CDLL(str(path))
    except OSError as exc:
        return str(exc)
    return None


def missing_libraries(
    plugin: Path,
    *,
    ldd: Callable[[Path], str | None] = run_ldd,
    load: Callable[[Path], str | None] = load_with_ctypes,
) -> tuple[str, ...]:
    """Shared libraries ``plugin`` needs that this system cannot find (every one, where ``ldd`` exists)."""
    report = ldd(plugin)
    if report is not None:
        return tuple(dict.fromkeys(_NOT_FOUND.findall(report)))
    complaint = load(plugin)
    if complaint is None:
        return ()
    found = _CTYPES_MISSING.findall(complaint)
    return tuple(found) if found else (complaint,)


def platform_problem(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    *,
    system: str = sys.platform,
    find_plugin: Callable[[str], Path | None] | None = None,
    ldd: Callable[[Path], str | None] | None = None,
    load: Callable[[Path], str | None] | None = None,
) -> PlatformProblem | None:
    """What stops Qt's window system from starting here, or None when nothing can be seen to.

    ``find_plugin``, ``ldd`` and ``load`` default to this module's :func:`plugin_path`, :func:`run_ldd` and
    :func:`load_with_ctypes` (looked up when called, so a test can replace them).
    """
    env = os.environ if env is None else env
    platform = chosen_platform(argv, env, system)
    if platform != "xcb":
        return None  # offscreen, wayland, Windows, macOS: their needs are met by Qt's own files
    if not env.get("DISPLAY"):
        return PlatformProblem(platform, (), (), no_display=True)
    plugin = (find_plugin or plugin_path)(platform)
    if plugin is None:
        return None  # an unusual Qt installation: let Qt say what it thinks
    missing = missing_libraries(plugin, ldd=ldd or run_ldd, load=load or load_with_ctypes)
    if not missing:
        return None
    packages = tuple(dict.fromkeys(package_for(m) for m in missing if ".so" in m))
    return PlatformProblem(platform, missing, packages)
