import Foundation
import HearthTestSupport
import Testing

@testable import HearthSummary

/// The HTML page in a real browser (Debian's `chromium`, headless): it renders its charts,
/// prints to PDF, and makes no network request. Chromium is not part of the build, and three
/// browsers cost the suite's budget many seconds: the test runs when HEARTH_BROWSER_TESTS=1 and
/// chromium is there (`Scripts/check-summary-page` installs it and runs this), and is cancelled
/// with the reason otherwise.
@Suite struct SummaryBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Three runs at once: the page to a screenshot; the page with a planted image printed on A4
    /// (the page's own policy must block the image); the same planted image without the policy,
    /// printed on Letter, which shows that the request log does see a page's requests.
    @Test func rendersChartsPrintsAndLoadsNothing() async throws {
        guard ProcessInfo.processInfo.environment["HEARTH_BROWSER_TESTS"] == "1" else {
            try Test.cancel("the browser test runs with HEARTH_BROWSER_TESTS=1 (Scripts/check-summary-page)")
        }
        guard let chromium = Self.chromium else { try Test.cancel("chromium is not installed (Scripts/check-summary-page installs it)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { try Test.cancel("python3 is needed to read the screenshot") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-summary-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let html = HTMLPage.render(try SummaryFixture.page())
        let planted = "<img src=\"http://example.invalid/planted.png\" alt=\"\">"
        let policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLPage.contentSecurityPolicy)\">"
        try #require(html.contains(policy))
        let pages = [
            "page": html,
            "guarded": html.replacingOccurrences(of: "</body>", with: planted + "<style>@page { size: A4; }</style></body>"),
            "control": html.replacingOccurrences(of: policy, with: "").replacingOccurrences(of: "</body>", with: planted + "</body>"),
        ]
        for (name, text) in pages { try text.write(toFile: "\(folder)/\(name).html", atomically: true, encoding: .utf8) }
        let runs: [(String, [String])] = [
            ("page", ["--window-size=900,2600", "--screenshot=\(folder)/page.png"]),
            ("guarded", ["--print-to-pdf=\(folder)/guarded.pdf", "--no-pdf-header-footer"]),
            ("control", ["--print-to-pdf=\(folder)/control.pdf", "--no-pdf-header-footer"]),
        ]
        let results = await withTaskGroup(of: (String, ProcessResult).self) { group in
            for (name, extra) in runs {
                group.addTask {
                    (name, ProcessRunner.run(Self.spec(chromium, folder: folder, page: name, extra: extra)))
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (name, result) in results { try #require(result.status == 0 && !result.timedOut, "\(name): \(result.err.suffix(600))") }

        // The charts drew: the bars' blue and the belief line's rust are on the screenshot.
        let colours = try Self.countColours(png: "\(folder)/page.png", [(0x2F, 0x6F, 0x9F), (0xB4, 0x54, 0x2F)])
        #expect(colours[0] > 2_000, "bar pixels: \(colours[0])")
        #expect(colours[1] > 100, "belief line pixels: \(colours[1])")
        // Both PDFs have pages, A4 (595 × 842 points) and Letter (612 × 792).
        for (name, width, height) in [("guarded", 595.0, 842.0), ("control", 612.0, 792.0)] {
            let pdf = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).pdf"))
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            let text = String(decoding: pdf, as: UTF8.self)
            let boxes = try NSRegularExpression(pattern: #"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]"#)
                .matches(in: text, range: NSRange(text.startIndex..., in: text))
                .map { m in (1...2).map { Double(text[Range(m.range(at: $0), in: text)!]) ?? 0 } }
            #expect(!boxes.isEmpty, "no page in \(name).pdf")
            #expect(boxes.allSatisfy { abs($0[0] - width) < 1 && abs($0[1] - height) < 1 }, "\(name).pdf pages: \(boxes)")
        }
        // No request from the page; the control's planted image was requested, so the log sees them.
        #expect(try Self.pageRequests(log: "\(folder)/page.netlog.json").isEmpty)
        #expect(try Self.pageRequests(log: "\(folder)/guarded.netlog.json").isEmpty)
        #expect(try Self.pageRequests(log: "\(folder)/control.netlog.json") == ["http://example.invalid/planted.png"])
    }

    static func spec(_ chromium: String, folder: String, page: String, extra: [String]) -> ProcessSpec {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder
        return ProcessSpec(
            executable: chromium,
            arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                // Any name that would be looked up fails here: nothing can leave the machine.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=\(folder)/profile-\(page)", "--log-net-log=\(folder)/\(page).netlog.json",
            ] + extra + ["file://\(folder)/\(page).html"],
            environment: environment, timeout: 60, outputsToFiles: true)
    }

    /// URLs the page itself asked for (its network isolation key is the file's), not the
    /// browser's own background requests.
    static func pageRequests(log path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let constants = try #require(log["constants"] as? [String: Any])
        let types = try #require(constants["logEventTypes"] as? [String: Int])
        let start = try #require(types["URL_REQUEST_START_JOB"])
        let events = try #require(log["events"] as? [[String: Any]])
        var urls: [String] = []
        for event in events where event["type"] as? Int == start {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String,
                  (params["network_isolation_key"] as? String)?.contains("file://") == true, !url.hasPrefix("file:")
            else { continue }
            if !urls.contains(url) { urls.append(url) }
        }
        return urls
    }

    /// How many pixels of each colour (within a small tolerance) the PNG holds (8-bit RGB or
    /// RGBA, as chromium writes them). python3's zlib inflates the image data; the rows are
    /// unfiltered here.
    static func countColours(png: String, _ colours: [(Int, Int, Int)]) throws -> [Int] {
        let script = """
            import sys, zlib, struct
            data, pos, idat = open(sys.argv[1], 'rb').read(), 8, b''
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
                if kind == b'IHDR': w, h, depth, ct = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
            open(sys.argv[2], 'wb').write(zlib.decompress(idat))
            print(w, h, 4 if ct == 6 else 3, depth)
            """
        let raw = png + ".raw"
        let result = ProcessRunner.run(ProcessSpec(executable: "/usr/bin/python3", arguments: ["-c", script, png, raw], environment: [:], timeout: 30))
        try #require(result.status == 0, "\(result.err)")
        let header = result.out.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        try #require(header.count == 4 && header[3] == 8, "not an 8-bit PNG: \(result.out)")
        let (width, height, bpp) = (header[0], header[1], header[2])
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
        let rowBytes = width * bpp
        try #require(data.count >= height * (rowBytes + 1))
        var previous = [UInt8](repeating: 0, count: rowBytes), line = previous
        var counts = [Int](repeating: 0, count: colours.count)
        for y in 0..<height {
            let base = y * (rowBytes + 1), filter = data[base]
            for i in 0..<rowBytes {
                let x = Int(data[base + 1 + i]), a = i >= bpp ? Int(line[i - bpp]) : 0, b = Int(previous[i])
                let c = i >= bpp ? Int(previous[i - bpp]) : 0
                let predictor: Int
                switch filter {
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: predictor = 0
                }
                line[i] = UInt8((x + predictor) & 255)
            }
            for x in stride(from: 0, to: rowBytes, by: bpp) {
                for (k, colour) in colours.enumerated()
                where abs(Int(line[x]) - colour.0) < 8 && abs(Int(line[x + 1]) - colour.1) < 8 && abs(Int(line[x + 2]) - colour.2) < 8 {
                    counts[k] += 1
                }
            }
            swap(&previous, &line)
        }
        return counts
    }
}
