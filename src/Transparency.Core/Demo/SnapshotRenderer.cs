namespace Transparency.Core.Demo;

/// <summary>
/// Draws small, plausible screen snapshots of a surface: window chrome, a sidebar, and text as
/// bars. Drawn in code so the demo ships no images of real screens; a handful of variants per
/// surface is rendered once and reused, since encoding per record would dominate generation time.
/// </summary>
internal static class SnapshotRenderer
{
    public const int Width = 320;
    public const int Height = 200;
    public const string MediaType = "image/png";

    private static readonly Rgb White = Rgb.Hex(0xFFFFFF);
    private static readonly Rgb Black = Rgb.Hex(0x000000);
    private static readonly Rgb Text = Rgb.Hex(0x3B3B3B);
    private static readonly Rgb Muted = Rgb.Hex(0xA0A0A0);
    private static readonly Rgb Line = Rgb.Hex(0xE1E1E1);
    private static readonly Rgb Panel = Rgb.Hex(0xF3F2F1);

    public static byte[] Render(Surface surface, int variant, int seed)
    {
        var rng = new Random(unchecked(seed * 31 + surface.Name.Length * 131 + variant * 7 + surface.Accent.R * 17 + surface.Accent.B));
        var c = new Canvas(Width, Height);
        var top = surface.InBrowser ? BrowserChrome(c, surface, rng) : TitleBar(c, surface, rng);
        switch (surface.Style)
        {
            case SurfaceStyle.Mail: Mail(c, surface, top, rng); break;
            case SurfaceStyle.Chat: Chat(c, surface, top, rng); break;
            case SurfaceStyle.Ide: Ide(c, surface, top, rng); break;
            case SurfaceStyle.Terminal: Terminal(c, top, rng); break;
            case SurfaceStyle.Spreadsheet: Spreadsheet(c, surface, top, rng); break;
            case SurfaceStyle.Document: Document(c, surface, top, rng); break;
            case SurfaceStyle.Slides: Slides(c, surface, top, rng); break;
            case SurfaceStyle.Search: Search(c, surface, top, rng); break;
            default: WebApp(c, surface, top, rng); break;
        }
        return PngEncoder.Encode(Width, Height, c.Pixels);
    }

    private static int TitleBar(Canvas c, Surface s, Random rng)
    {
        var dark = s.Style is SurfaceStyle.Ide or SurfaceStyle.Terminal;
        var bar = dark ? Rgb.Hex(0x3C3C3C) : s.Accent;
        c.Fill(0, 0, Width, 12, bar);
        c.Fill(4, 4, 4, 4, White.Mix(bar, 0.2));
        c.Fill(12, 4, 50 + rng.Next(40), 4, White.Mix(bar, 0.35));
        WindowButtons(c, bar);
        return 12;
    }

    private static void WindowButtons(Canvas c, Rgb bar)
    {
        var glyph = White.Mix(bar, 0.4);
        c.Fill(Width - 34, 6, 6, 1, glyph);
        c.Frame(Width - 22, 3, 6, 6, glyph);
        c.Fill(Width - 10, 3, 6, 6, Rgb.Hex(0xC42B1C).Mix(bar, 0.2));
    }

    private static int BrowserChrome(Canvas c, Surface s, Random rng)
    {
        var strip = Rgb.Hex(0xDEE1E6);
        c.Fill(0, 0, Width, 12, strip);
        c.Fill(6, 2, 84, 10, White);
        c.Fill(10, 4, 6, 6, s.Accent);
        c.Fill(20, 6, 40 + rng.Next(25), 3, Text);
        c.Fill(94, 4, 60, 3, Muted);
        WindowButtons(c, strip);
        c.Fill(0, 12, Width, 14, White);
        c.Fill(4, 16, 4, 5, Muted);
        c.Fill(12, 16, 4, 5, Muted);
        c.Fill(24, 14, Width - 48, 10, Rgb.Hex(0xF1F3F4));
        c.Fill(30, 18, 8 + 4 * (s.Site?.Length ?? 10), 3, Text);
        c.Fill(0, 26, Width, 1, Line);
        return 27;
    }

    private static void TextBars(Canvas c, int x, int y, int maxWidth, int lines, int spacing, Rgb colour, Random rng, int thickness = 3)
    {
        for (var i = 0; i < lines && y + thickness < Height; i++, y += spacing)
        {
            var last = i == lines - 1;
            var w = last ? maxWidth / 3 + rng.Next(maxWidth / 3) : maxWidth * 3 / 4 + rng.Next(maxWidth / 4);
            c.Fill(x, y, w, thickness, colour);
        }
    }

    private static void Mail(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, 18, Panel);
        for (var i = 0; i < 7; i++)
            c.Fill(6 + i * 20, top + 5, 12, 8, i == 0 ? s.Accent : Muted.Mix(White, 0.3));
        top += 18;
        c.Fill(0, top, 62, Height - top, Rgb.Hex(0xFAF9F8));
        for (var i = 0; i < 8; i++)
            c.Fill(8, top + 8 + i * 12, 30 + rng.Next(20), 3, i == 0 ? s.Accent : Text);
        c.Fill(62, top, 1, Height - top, Line);
        var selected = rng.Next(5);
        for (var i = 0; i * 24 + top < Height; i++)
        {
            var y = top + i * 24;
            if (i == selected)
                c.Fill(63, y, 92, 24, s.Accent.Mix(White, 0.85));
            c.Fill(68, y + 5, 40 + rng.Next(30), 3, Black.Mix(White, 0.15));
            c.Fill(68, y + 11, 60 + rng.Next(20), 3, Text);
            c.Fill(68, y + 17, 50 + rng.Next(30), 2, Muted);
            c.Fill(63, y + 23, 92, 1, Line);
        }
        c.Fill(155, top, 1, Height - top, Line);
        c.Fill(164, top + 8, 110 + rng.Next(30), 5, Black.Mix(White, 0.1));
        c.Fill(164, top + 18, 8, 8, s.Accent.Mix(White, 0.3));
        c.Fill(176, top + 20, 60, 3, Text);
        TextBars(c, 164, top + 36, 140, 4 + rng.Next(4), 7, Text, rng);
        TextBars(c, 164, top + 100, 140, 3 + rng.Next(3), 7, Text, rng);
    }

    private static void Chat(Canvas c, Surface s, int top, Random rng)
    {
        var rail = s.Accent.Mix(Black, 0.2);
        var list = s.Accent.Mix(Black, 0.05);
        var lightList = s.Accent.R + s.Accent.G + s.Accent.B > 300;
        c.Fill(0, top, 22, Height - top, rail);
        for (var i = 0; i < 5; i++)
            c.Fill(7, top + 8 + i * 16, 8, 8, White.Mix(rail, i == 0 ? 0.1 : 0.55));
        c.Fill(22, top, 74, Height - top, lightList ? Panel : list);
        var itemText = lightList ? Text : White.Mix(list, 0.3);
        var active = rng.Next(3, 9);
        for (var i = 0; i < 12; i++)
        {
            var y = top + 8 + i * 12;
            if (i == active)
                c.Fill(22, y - 3, 74, 10, lightList ? s.Accent.Mix(White, 0.75) : Rgb.Hex(0x1164A3));
            c.Fill(28, y, 4, 4, itemText);
            c.Fill(36, y, 24 + rng.Next(30), 3, itemText);
        }
        c.Fill(96, top, Width - 96, 16, White);
        c.Fill(104, top + 6, 60 + rng.Next(30), 4, Black.Mix(White, 0.15));
        c.Fill(96, top + 16, Width - 96, 1, Line);
        var y0 = top + 24;
        Rgb[] avatars = [Rgb.Hex(0xE8912D), Rgb.Hex(0x2BAC76), Rgb.Hex(0x1D9BD1), Rgb.Hex(0xCD2553), Rgb.Hex(0x6B5B95)];
        while (y0 < Height - 36)
        {
            c.Fill(104, y0, 12, 12, DemoText.Pick(rng, avatars));
            c.Fill(122, y0 + 1, 30 + rng.Next(20), 3, Black.Mix(White, 0.1));
            c.Fill(158, y0 + 1, 14, 3, Muted);
            var lines = 1 + rng.Next(3);
            TextBars(c, 122, y0 + 7, 170, lines, 6, Text, rng);
            y0 += 14 + lines * 6;
        }
        c.Frame(104, Height - 26, Width - 112, 18, Muted);
        c.Fill(110, Height - 19, 50, 3, Muted.Mix(White, 0.3));
    }

    private static void Ide(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, Height - top, Rgb.Hex(0x1E1E1E));
        c.Fill(0, top, 14, Height - top, Rgb.Hex(0x333333));
        for (var i = 0; i < 5; i++)
            c.Fill(4, top + 6 + i * 14, 6, 6, i == 0 ? White : Rgb.Hex(0x858585));
        c.Fill(14, top, 70, Height - top, Rgb.Hex(0x252526));
        for (var i = 0; i < 14; i++)
        {
            var indent = rng.Next(3) * 6;
            c.Fill(20 + indent, top + 8 + i * 10, 4, 4, i % 4 == 0 ? Rgb.Hex(0xC5C5C5) : s.Accent.Mix(White, 0.3));
            c.Fill(27 + indent, top + 8 + i * 10, 20 + rng.Next(25), 3, Rgb.Hex(0xCCCCCC));
        }
        c.Fill(84, top, Width - 84, 12, Rgb.Hex(0x2D2D2D));
        c.Fill(84, top, 64, 12, Rgb.Hex(0x1E1E1E));
        c.Fill(90, top + 5, 44, 3, White.Mix(Black, 0.1));
        c.Fill(150, top + 5, 40, 3, Rgb.Hex(0x969696));
        Rgb[] tokens = [Rgb.Hex(0x569CD6), Rgb.Hex(0x4EC9B0), Rgb.Hex(0xD4D4D4), Rgb.Hex(0xCE9178), Rgb.Hex(0xDCDCAA), Rgb.Hex(0x9CDCFE)];
        var indentLevel = 0;
        for (var y = top + 18; y < Height - 16; y += 8)
        {
            c.Fill(88, y, 8, 3, Rgb.Hex(0x858585));
            if (rng.Next(8) == 0)
                continue;
            indentLevel = Math.Clamp(indentLevel + rng.Next(-1, 2), 0, 4);
            var x = 104 + indentLevel * 10;
            if (rng.Next(9) == 0)
            {
                c.Fill(x, y, 60 + rng.Next(80), 3, Rgb.Hex(0x6A9955));
                continue;
            }
            for (var t = 0; t < 2 + rng.Next(4) && x < Width - 20; t++)
            {
                var w = 8 + rng.Next(30);
                c.Fill(x, y, Math.Min(w, Width - 8 - x), 3, DemoText.Pick(rng, tokens));
                x += w + 4;
            }
        }
        c.Fill(0, Height - 8, Width, 8, s.Accent);
        c.Fill(6, Height - 6, 40, 3, White);
        c.Fill(Width - 60, Height - 6, 50, 3, White);
    }

    private static void Terminal(Canvas c, int top, Random rng)
    {
        c.Fill(0, top, Width, Height - top, Rgb.Hex(0x0C0C0C));
        var prompt = Rgb.Hex(0x16C60C);
        var command = Rgb.Hex(0xCCCCCC);
        var output = Rgb.Hex(0x767676);
        for (var y = top + 6; y < Height - 6;)
        {
            c.Fill(6, y, 40, 3, prompt);
            c.Fill(50, y, 30 + rng.Next(120), 3, command);
            y += 8;
            for (var i = rng.Next(5); i > 0 && y < Height - 6; i--, y += 8)
                c.Fill(6, y, 40 + rng.Next(220), 3, output);
        }
    }

    private static void Spreadsheet(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, 22, Panel);
        for (var i = 0; i < 10; i++)
            c.Fill(6 + i * 24, top + 6, 16, 10, i == 2 ? s.Accent.Mix(White, 0.5) : Muted.Mix(White, 0.4));
        top += 22;
        c.Fill(0, top, Width, 12, White);
        c.Fill(4, top + 3, 24, 6, Line);
        c.Fill(34, top + 4, 80 + rng.Next(80), 3, Text);
        top += 12;
        c.Fill(0, top, Width, 10, Panel);
        c.Fill(0, top, 20, Height - top, Panel);
        for (var x = 20; x < Width; x += 40)
        {
            c.Fill(x, top, 1, Height - top, Line);
            c.Fill(x + 17, top + 4, 6, 3, Muted);
        }
        var selectedRow = rng.Next(4, 12);
        var selectedCol = rng.Next(0, 7);
        for (int y = top + 10, row = 0; y < Height - 10; y += 10, row++)
        {
            c.Fill(0, y, Width, 1, Line);
            c.Fill(6, y + 4, 8, 3, Muted);
            for (var col = 0; col < 7; col++)
            {
                if (row == 0)
                    c.Fill(24 + col * 40, y + 4, 24, 3, Black.Mix(White, 0.1));
                else if (rng.Next(5) > 0)
                {
                    var w = 10 + rng.Next(22);
                    c.Fill(20 + col * 40 + (col == 0 ? 4 : 36 - w), y + 4, w, 3, Text);
                }
                if (row == selectedRow && col == selectedCol)
                    c.Frame(20 + col * 40, y, 41, 11, s.Accent);
            }
        }
        c.Fill(0, Height - 10, Width, 10, Panel);
        c.Fill(22, Height - 9, 36, 9, White);
        c.Fill(28, Height - 6, 22, 3, s.Accent);
    }

    private static void Document(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, 22, Panel);
        for (var i = 0; i < 9; i++)
            c.Fill(6 + i * 26, top + 6, 18, 10, Muted.Mix(White, 0.4));
        top += 22;
        c.Fill(0, top, Width, Height - top, Rgb.Hex(0xE6E6E6));
        c.Fill(70, top + 8, 180, Height - top, White);
        var y = top + 20;
        c.Fill(86, y, 90 + rng.Next(40), 6, s.Accent.Mix(Black, 0.2));
        y += 16;
        while (y < Height - 10)
        {
            var lines = 2 + rng.Next(5);
            TextBars(c, 86, y, 148, lines, 7, Text, rng);
            y += lines * 7 + 8;
        }
    }

    private static void Slides(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, 22, Panel);
        top += 22;
        c.Fill(0, top, Width, Height - top, Rgb.Hex(0xE6E6E6));
        var current = rng.Next(5);
        for (var i = 0; i * 34 + top + 6 < Height; i++)
        {
            c.Fill(8, top + 6 + i * 34, 48, 27, White);
            if (i == current)
                c.Frame(7, top + 5 + i * 34, 50, 29, s.Accent);
            c.Fill(12, top + 10 + i * 34, 28, 3, Muted);
        }
        c.Fill(70, top + 12, 240, 135, White);
        c.Fill(84, top + 26, 120 + rng.Next(60), 8, s.Accent);
        TextBars(c, 90, top + 50, 110, 4, 10, Text, rng);
        for (var i = 0; i < 4; i++)
        {
            var h = 10 + rng.Next(50);
            c.Fill(220 + i * 18, top + 120 - h, 12, h, s.Accent.Mix(White, i * 0.2));
        }
    }

    private static void WebApp(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, 16, s.Accent);
        c.Fill(8, top + 5, 36, 6, White);
        c.Fill(Width - 60, top + 4, 40, 8, White.Mix(s.Accent, 0.3));
        c.Fill(Width - 14, top + 4, 8, 8, White.Mix(s.Accent, 0.5));
        top += 16;
        c.Fill(0, top, 64, Height - top, s.Accent.Mix(White, 0.92));
        var active = rng.Next(6);
        for (var i = 0; i < 9; i++)
        {
            if (i == active)
                c.Fill(0, top + 5 + i * 13, 64, 11, s.Accent.Mix(White, 0.7));
            c.Fill(8, top + 9 + i * 13, 24 + rng.Next(24), 3, Text);
        }
        c.Fill(64, top, Width - 64, Height - top, White);
        c.Fill(74, top + 8, 100 + rng.Next(60), 6, Black.Mix(White, 0.15));
        var y = top + 22;
        for (var card = 0; card < 3; card++)
        {
            var x = 74 + card * 80;
            c.Frame(x, y, 74, 30, Line);
            c.Fill(x + 6, y + 6, 30, 3, Muted);
            c.Fill(x + 6, y + 15, 20 + rng.Next(30), 7, card == 0 ? s.Accent : Text);
        }
        y += 40;
        for (var row = 0; y < Height - 10; row++, y += 12)
        {
            if (row == 0)
                c.Fill(74, y - 2, 236, 11, Panel);
            c.Fill(78, y + 2, 40 + rng.Next(20), 3, row == 0 ? Black.Mix(White, 0.2) : s.Accent.Mix(Black, 0.1));
            c.Fill(150, y + 2, 30 + rng.Next(30), 3, Text);
            c.Fill(230, y + 2, 20 + rng.Next(40), 3, Text);
            c.Fill(74, y + 10, 236, 1, Line);
        }
    }

    private static void Search(Canvas c, Surface s, int top, Random rng)
    {
        c.Fill(0, top, Width, Height - top, White);
        c.Fill(12, top + 8, 24, 8, s.Accent);
        c.Frame(44, top + 6, 180, 12, Line);
        c.Fill(52, top + 10, 60 + rng.Next(80), 3, Text);
        c.Fill(0, top + 24, Width, 1, Line);
        for (var y = top + 32; y < Height - 24; y += 32)
        {
            c.Fill(44, y, 60 + rng.Next(30), 2, Rgb.Hex(0x4D5156));
            c.Fill(44, y + 5, 100 + rng.Next(90), 4, Rgb.Hex(0x1A0DAB));
            TextBars(c, 44, y + 13, 220, 2, 6, Rgb.Hex(0x70757A), rng);
        }
    }

    private sealed class Canvas(int width, int height)
    {
        // White, as the content area of most windows is.
        public byte[] Pixels { get; } = Enumerable.Repeat((byte)0xFF, width * height * 3).ToArray();

        public void Fill(int x, int y, int w, int h, Rgb colour)
        {
            var x0 = Math.Max(0, x);
            var y0 = Math.Max(0, y);
            var x1 = Math.Min(width, x + w);
            var y1 = Math.Min(height, y + h);
            if (x1 <= x0)
                return;
            for (var row = y0; row < y1; row++)
            {
                var span = Pixels.AsSpan((row * width + x0) * 3, (x1 - x0) * 3);
                span[0] = colour.R;
                span[1] = colour.G;
                span[2] = colour.B;
                for (var filled = 3; filled < span.Length; filled *= 2)
                    span[..Math.Min(filled, span.Length - filled)].CopyTo(span[filled..]);
            }
        }

        public void Frame(int x, int y, int w, int h, Rgb colour)
        {
            Fill(x, y, w, 1, colour);
            Fill(x, y + h - 1, w, 1, colour);
            Fill(x, y, 1, h, colour);
            Fill(x + w - 1, y, 1, h, colour);
        }
    }
}
