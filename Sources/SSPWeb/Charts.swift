import Foundation

/// Charts drawn on the server as SVG (issue 13): no chart library in the browser. Every bar
/// carries its value as text, so a chart reads without colour; the page gives the same figures
/// in a table.
enum SVGChart {
    struct Bar {
        var label: String
        /// 0…`maximum`; `nil` draws no bar and writes `text` alone (no data).
        var value: Double?
        var text: String
    }

    /// Vertical bars, one per `bars`, with a dashed reference line (a target, a norm) labelled at its end.
    static func bars(title: String, bars: [Bar], maximum: Double, reference: (value: Double, label: String)? = nil) -> String {
        let barWidth = 44, gap = 14, left = 8, top = 28, plot = 160, bottom = 44
        let width = left + max(bars.count, 1) * (barWidth + gap) + 150, height = top + plot + bottom
        func y(_ value: Double) -> Int { top + plot - Int((min(max(value, 0), maximum) / maximum * Double(plot)).rounded()) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
        svg += "aria-label=\"\(escape(title))\" font-family=\"sans-serif\" class=\"chart\"><title>\(escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(width - 150)\" y2=\"\(top + plot)\" stroke=\"#1a1a1a\"/>"
        for (i, bar) in bars.enumerated() {
            let x = left + i * (barWidth + gap)
            if let value = bar.value {
                let barTop = y(value)
                svg += "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"\(barWidth)\" height=\"\(top + plot - barTop)\" fill=\"#003f7d\"/>"
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(barTop - 4)\" font-size=\"11\" text-anchor=\"middle\">\(escape(bar.text))</text>"
            } else {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(y(0) - 4)\" font-size=\"11\" text-anchor=\"middle\">\(escape(bar.text))</text>"
            }
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + plot + 16)\" font-size=\"11\" text-anchor=\"middle\">\(escape(bar.label))</text>"
        }
        if let reference {
            let line = y(reference.value), end = width - 150
            svg += "<line x1=\"\(left)\" y1=\"\(line)\" x2=\"\(end)\" y2=\"\(line)\" stroke=\"#b00020\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(end + 6)\" y=\"\(line + 4)\" font-size=\"11\">\(escape(reference.label))</text>"
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
