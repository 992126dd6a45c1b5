import Foundation
import HearthRecords

/// Inputs shaped like what the apps write.
enum Samples {
    /// A Day One `Journal.json` (Day One 2024-2026: the zip's JSON, trimmed of most photo and
    /// weather fields but with their shapes kept).
    static let dayOne = #"""
        {
          "metadata" : {
            "version" : "1.0"
          },
          "entries" : [
            {
              "duration" : 0,
              "creationDeviceModel" : "iPhone14,5",
              "richText" : "{\"meta\":{\"version\":1,\"created\":{\"platform\":\"com.bloombuilt.dayone-ios\",\"version\":1533}},\"contents\":[{\"text\":\"Walked to the harbour with Sam\\\\. Quiet\\\\.\\n\"}]}",
              "isPinned" : false,
              "creationDevice" : "Phone",
              "starred" : true,
              "location" : {
                "region" : { "center" : { "longitude" : 13.4, "latitude" : 52.5 }, "radius" : 75 },
                "localityName" : "Berlin", "country" : "Germany", "timeZoneName" : "Europe\/Berlin"
              },
              "text" : "Walked to the harbour with Sam\\. Quiet\\.\n\nFelt my shoulders drop for the first time this week\\.",
              "isAllDay" : false,
              "timeZone" : "Europe\/Berlin",
              "uuid" : "1546F37361264E129200B2CA6A885855",
              "creationDate" : "2026-07-04T18:30:12Z",
              "modifiedDate" : "2026-07-05T07:02:40Z",
              "tags" : [ "walks", "Sam" ],
              "editingTime" : 121.5,
              "creationOSName" : "iOS"
            },
            {
              "uuid" : "AD6F2A6EC10C41AEA35E94BAD169936D",
              "creationDate" : "2026-01-10T23:15:00Z",
              "timeZone" : "Asia\/Taipei",
              "text" : "![](dayone-moment:\/\/9C5A3C2A0B7F4C4B8C1D2E3F4A5B6C7D)\n\nA hard night. Wrote it down anyway.",
              "photos" : [ { "identifier" : "9C5A3C2A0B7F4C4B8C1D2E3F4A5B6C7D", "type" : "jpeg", "orderInEntry" : 0 } ],
              "starred" : false
            },
            {
              "uuid" : "0F1E2D3C4B5A69788796A5B4C3D2E1F0",
              "creationDate" : "2026-02-01T08:00:00Z",
              "timeZone" : "America\/New_York",
              "photos" : [ { "identifier" : "11111111111111111111111111111111", "type" : "heic" } ]
            },
            {
              "uuid" : "22222222222222222222222222222222",
              "text" : "No date on this one."
            }
          ]
        }
        """#

    /// A jrnl journal file written over the years: jrnl 1's `%Y-%m-%d %H:%M`, then jrnl 2's
    /// `%F %r`, starred entries, @tags, a one-line entry split at its first sentence.
    static let jrnlText = """
        [2019-03-01 21:30] Called in sick. *
        Used the time to rest. Felt guilty, then less so @work.

        Made soup.

        [2019-03-02 08:05] Slept long. Woke up calm with @Family around.

        [2026-11-20 09:30:00 PM] Coffee with Ana @friends
        She asked how I was and waited for the answer.

        [2026-11-21 07:15:00 AM] Short one, no body

        [2026-13-40 10:00] This date is impossible.

        [link] a bracket in the text is only text
        """

    /// The same journal as `jrnl --export json` writes it (the first three entries).
    static let jrnlJSON = """
        {"tags": {"@work": 1}, "entries": [
          {"title": "Called in sick.", "body": "Used the time to rest. Felt guilty, then less so @work.\\n\\nMade soup.", "date": "2019-03-01", "time": "21:30", "tags": ["@work"], "starred": true},
          {"title": "Slept long. Woke up calm with @Family around.", "body": "", "date": "2019-03-02", "time": "08:05", "tags": ["@family"], "starred": false},
          {"title": "Coffee with Ana @friends", "body": "She asked how I was and waited for the answer.", "date": "2026-11-20", "time": "21:30", "tags": ["@friends"], "starred": false}
        ]}
        """

    /// An Obsidian note with properties.
    static let obsidianNote = """
        ---
        date: 2026-11-20T21:30
        tags:
          - walks
          - "#sea"
        aliases: [harbour walk]
        starred: true
        cssclasses: wide
        ---

        # Harbour walk

        Cold wind, warm tea. Sam walked beside me without needing me to talk.

        """

    static let berlin = TimeZone(identifier: "Europe/Berlin")!
}
