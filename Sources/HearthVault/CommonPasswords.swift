import HearthCrypto

/// Common passwords, the ones tried first by anyone guessing at a stolen vault: a few hundred
/// from public lists of leaked passwords (the most used ones, names, sports teams, keyboard
/// runs, words a private journal invites). Lower case, without spaces or dashes, as
/// `PassphraseStrength` folds what was typed. Small and in the code: no network, no data file.
enum CommonPasswords {
    static let words: [[UInt8]] = """
        123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
        football monkey letmein shadow master 696969 michael mustang 666666 qwertyuiop 123321 1234567890 pussy
        superman 654321 1qaz2wsx 7777777 fuckyou qazwsx jordan jennifer 123qwe 121212 killer trustno1 hunter
        harley zxcvbnm asdfgh buster andrew batman soccer tigger charlie robert 2000 thomas hockey ranger
        daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111
        131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley
        6969 nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix william
        corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888
        anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
        samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut
        morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal
        eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo
        bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys
        987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester
        mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please
        brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard jasper enter rachel
        chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn
        fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321
        golden 8675309 apple sunshine iloveyou 000000 password1 qwerty123 1q2w3e4r5t zaq12wsx aa123456
        password123 admin administrator welcome1 changeme letmein123 iloveyou1 lovely loveme friends family
        anything nothing blessed jesus beautiful sweetheart babygirl princess1 qwertyui asdf1234 zaq1zaq1
        passpass default guest login testing test123 hello123 helloworld goodbye happy smile sunshine1 trustme
        ilovemyself mypassword passw0rd p4ssw0rd password12 password1234 qwerty1 qwerty12 abcd1234 abcdef
        abcdefg abcdefgh 1qazxsw2 qweasd qweasdzxc asdfghjkl zxcvbnm1 000000000 11111111111 1234512345
        0123456789 9876543210 123456a a123456 123abc abc1234 abcabc iloveu iloveyou2 lovelove loveyou mylove
        myself yourself someone secret123 secretpassword topsecret hearth vault journal diary mydiary notes
        private privacy personal security secure safety safe lockdown unlockme openup opensesame letmeinplease
        pokemon minecraft fortnite naruto dragonball superstar rockstar starlight moonlight sunflower rainbow
        butterfly chocolate strawberry blueberry cherry peaches flowers garden nature forest ocean beach
        mountain river sky heaven angel1 angels faith hope grace peace harmony serenity calm relax healing
        therapy recovery mindfulness meditation freedom1 liberty america canada england ireland scotland
        germany france india mexico brazil australia liverpool manchester barcelona madrid juventus chelsea1
        arsenal1 football1 baseball1 soccer1 basketball hockey1 tennis1 golf1 jordan23 kobe24 lebron23 michael1
        jessica1 ashley1 daniel1 robert1 thomas1 charlie1 jennifer1 michelle1 nicole1 amanda1 hannah1 samantha1
        matthew1 andrew1 joshua1 william1 jasmine1 elizabeth christopher alexander benjamin madison emily
        sophia olivia isabella ava mia abigail emma noah liam ethan mason logan lucas jacob mommy daddy mummy
        mother1 father brother sister grandma grandpa family1 children baby babyboy kitten kitty puppy doggy
        doggie dog123 cat123 tiger lion eagle shark wolf bear horse dolphin panda turtle spring autumn fall
        december january february march april may june july august september october november monday tuesday
        wednesday thursday friday saturday sunday weekend holiday christmas halloween birthday qazwsxedc
        1qaz2wsx3edc zxcvbnm123 asdfghjkl1 poiuytrewq mnbvcxz lkjhgfdsa qwertz azerty 147258369 159357
        741852963 123654789 789456123 456123 147258 258456 102030 112233445566 123456654321 1029384756 5201314
        woaini computer1 internet1 windows linux ubuntu apple123 google facebook twitter instagram youtube
        netflix spotify whatever1 nothing1 idontknow dontknow forgot forgotten remember rememberme newpassword
        oldpassword temp temp123 correcthorsebatterystaple trustno1trustno1 letmeinletmein iloveyouforever
        foreveryoung neverforget
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }

    /// True when `folded` is one of the words, byte for byte.
    static func contains(_ folded: UnsafeRawBufferPointer) -> Bool {
        guard !folded.isEmpty else { return false }
        return words.contains { word in
            word.count == folded.count && word.withUnsafeBytes { Memory.constantTimeEqual($0, folded) }
        }
    }
}
