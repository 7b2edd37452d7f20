# ruff: noqa: E501  (prose: a sentence per string reads better than line-wrapped fragments)
"""Texts of the demo site, written for the demo from the facts in DOMAIN.md.

Each article has an English key, a date, tags and its versions per language; an article
missing a language is shown there through the fallback (news index badge, notice).
"""

import datetime

HOME = {
    "en": (
        "Kohorta",
        "Cohort programmes for library networks: training, mentoring, grants and meetings.",
    ),
    "mk": (
        "Кохорта",
        "Програми за мрежи на библиотеки: обука, менторство, грантови и средби.",
    ),
    "pl": (
        "Kohorta",
        "Programy dla sieci bibliotek: szkolenia, mentoring, granty i spotkania.",
    ),
    "bg": (
        "Кохорта",
        "Програми за библиотечни мрежи: обучение, менторство, грантове и срещи.",
    ),
}

NEWS_INDEX = {
    "en": ("News", "What is happening in INELI Balkans and the International Librarians Network."),
    "mk": ("Вести", "Што се случува во INELI Balkans и Меѓународната мрежа на библиотекари."),
    "pl": ("Aktualności", "Co dzieje się w INELI Balkans i International Librarians Network."),
    "bg": ("Новини", "Какво се случва в INELI Balkans и Международната мрежа на библиотекарите."),
}

ABOUT = {
    "en": (
        "About Kohorta",
        "Kohorta is where library networks run their cohort programmes from start to finish.",
        [
            "Innovators, mentors, ambassadors, jurors and coordinators each see what their "
            "role in a cohort needs: the online curriculum, mentoring, grant calls and the "
            "annual meetings.",
            "The public site is published in the languages of the networks it serves.",
        ],
    ),
    "mk": (
        "За Кохорта",
        "Кохорта е местото каде што мрежите на библиотеки ги водат своите програми од почеток до крај.",
        [
            "Иноваторите, менторите, амбасадорите, жирито и координаторите го гледаат она "
            "што им треба според нивната улога: онлајн наставата, менторството, повиците "
            "за грантови и годишните средби.",
            "Јавниот сајт се објавува на јазиците на мрежите што ги опслужува.",
        ],
    ),
    "pl": (
        "O Kohorcie",
        "Kohorta to miejsce, w którym sieci bibliotek prowadzą swoje programy od początku do końca.",
        [
            "Innowatorzy, mentorzy, ambasadorzy, jurorzy i koordynatorzy widzą to, czego "
            "potrzebuje ich rola: kurs online, mentoring, konkursy grantowe i doroczne spotkania.",
            "Strona publiczna jest dostępna w językach sieci, którym służy.",
        ],
    ),
    "bg": (
        "За Кохорта",
        "Кохорта е мястото, където библиотечните мрежи водят своите програми от началото до края.",
        [
            "Иноваторите, менторите, посланиците, журито и координаторите виждат това, от "
            "което се нуждае ролята им: онлайн обучението, менторството, конкурсите за "
            "грантове и годишните срещи.",
            "Публичният сайт се публикува на езиците на мрежите, на които служи.",
        ],
    ),
}

PROGRAMMES = {
    "ineli": {
        "slug": "ineli-balkans",
        "en": (
            "INELI Balkans",
            "A two-year programme for 35 emerging library innovators from 11 countries of the "
            "Balkans, coordinated by Future Library.",
            [
                "Innovators follow an online leadership course with their mentors, meet once a "
                "year at a networking meeting, and develop a project for a new library service.",
                "The five most successful projects receive an innovation award: an initial "
                "grant and administrative support to build the service in the innovator's own "
                "library.",
            ],
        ),
        "mk": (
            "INELI Balkans",
            "Двегодишна програма за 35 млади библиотечни иноватори од 11 земји на Балканот, "
            "координирана од Future Library.",
            [
                "Иноваторите следат онлајн курс за лидерство со своите ментори, се среќаваат "
                "еднаш годишно и развиваат проект за нова библиотечна услуга.",
                "Петте најуспешни проекти добиваат награда за иновација: почетен грант и "
                "административна поддршка за услугата во сопствената библиотека.",
            ],
        ),
        "bg": (
            "INELI Balkans",
            "Двегодишна програма за 35 млади библиотечни иноватори от 11 държави на Балканите, "
            "координирана от Future Library.",
            [
                "Иноваторите преминават онлайн курс по лидерство с менторите си, срещат се "
                "веднъж годишно и разработват проект за нова библиотечна услуга.",
                "Петте най-успешни проекта получават награда за иновация: начален грант и "
                "административна подкрепа за услугата в собствената библиотека.",
            ],
        ),
    },
    "ILN": {
        "slug": "international-librarians-network",
        "en": (
            "International Librarians Network",
            "A free online peer-mentoring programme for librarians, library students and "
            "information professionals, in rounds of about four months.",
            [
                "Each participant is matched with a partner from another country and is both "
                "mentor and mentee. Partners choose how and how often they talk; the programme "
                "sends discussion topics during the round.",
                "All you need is working English, an internet connection and the wish to build "
                "professional contacts.",
            ],
        ),
        "pl": (
            "International Librarians Network",
            "Bezpłatny program mentoringu partnerskiego online dla bibliotekarzy, studentów "
            "bibliotekoznawstwa i specjalistów informacji, w około czteromiesięcznych turach.",
            [
                "Każdy uczestnik dostaje partnera z innego kraju i jest jednocześnie mentorem "
                "i podopiecznym. Partnerzy sami decydują, jak i jak często rozmawiają; w trakcie "
                "tury program przesyła tematy do dyskusji.",
                "Wystarczy komunikatywny angielski, dostęp do internetu i chęć nawiązania "
                "kontaktów zawodowych.",
            ],
        ),
    },
}

ORGANISATION_NAMES = {
    "Albanian Library Association": {
        "mk": "Албанско библиотекарско здружение",
        "bg": "Албанска библиотечна асоциация",
        "pl": "Albańskie Stowarzyszenie Bibliotekarzy",
    },
    "Bulgarian Library and Information Association": {
        "mk": "Бугарско библиотечно-информациско здружение",
        "bg": "Българска библиотечно-информационна асоциация",
        "pl": "Bułgarskie Stowarzyszenie Bibliotekarzy i Informacji",
    },
    "Rijeka City Library": {
        "mk": "Градска библиотека Риека",
        "bg": "Градска библиотека Риека",
        "pl": "Biblioteka Miejska w Rijece",
    },
    "INOVA LIB, association for library development and innovation": {
        "mk": "ИНОВА ЛИБ, здружение за развој и иновации во библиотеките",
        "bg": "ИНОВА ЛИБ, сдружение за развитие и иновации в библиотеките",
        "pl": "INOVA LIB, stowarzyszenie na rzecz rozwoju i innowacji bibliotek",
    },
    "Library Association of Montenegro": {
        "mk": "Библиотекарско друштво на Црна Гора",
        "bg": "Библиотечна асоциация на Черна гора",
        "pl": "Stowarzyszenie Bibliotekarzy Czarnogóry",
    },
    "National Library of Romania": {
        "mk": "Национална библиотека на Романија",
        "bg": "Национална библиотека на Румъния",
        "pl": "Biblioteka Narodowa Rumunii",
    },
    "Belgrade City Library": {
        "mk": "Градска библиотека Белград",
        "bg": "Градска библиотека Белград",
        "pl": "Biblioteka Miejska w Belgradzie",
    },
}

WEBSITES = {
    "National Library of Romania": "https://www.bibnat.ro/",
    "Belgrade City Library": "https://www.bgb.rs/",
    "Rijeka City Library": "https://gkr.hr/",
}

# (key, date, author, tags, image, {language: (title, intro, [paragraphs], quote or None)})
ARTICLES = [
    (
        "thessaloniki-2015",
        datetime.date(2015, 11, 30),
        "Future Library",
        ["meetings", "INELI Balkans"],
        "thessaloniki",
        {
            "en": (
                "The network is founded in Thessaloniki",
                "Librarians from eleven countries met in Thessaloniki for four days and founded "
                "INELI Balkans.",
                [
                    "From 25 to 29 November 2015 the first networking meeting brought the "
                    "innovators, their mentors and the ambassador organisations together for the "
                    "first time.",
                    "Workshops on strategic planning alternated with lectures, mentoring sessions "
                    "and evenings of getting to know each other.",
                ],
                (
                    "We came as colleagues from eleven countries and leave as one network.",
                    "An innovator from Skopje",
                ),
            ),
            "mk": (
                "Мрежата е основана во Солун",
                "Библиотекари од единаесет земји четири дена се дружеа во Солун и ја основаа "
                "мрежата INELI Balkans.",
                [
                    "Од 25 до 29 ноември 2015 година првата средба ги собра заедно, за прв пат, "
                    "иноваторите, нивните ментори и амбасадорските организации.",
                    "Работилниците за стратешко планирање се менуваа со предавања, менторски "
                    "сесии и вечери за запознавање.",
                ],
                (
                    "Дојдовме како колеги од единаесет земји, а заминуваме како една мрежа.",
                    "Иноваторка од Скопје",
                ),
            ),
            "bg": (
                "Мрежата е основана в Солун",
                "Библиотекари от единадесет държави се срещнаха за четири дни в Солун и "
                "основаха INELI Balkans.",
                [
                    "От 25 до 29 ноември 2015 г. първата среща събра за първи път иноваторите, "
                    "техните ментори и посланическите организации.",
                    "Работилниците по стратегическо планиране се редуваха с лекции, менторски "
                    "сесии и вечери за опознаване.",
                ],
                None,
            ),
            "pl": (
                "W Salonikach powstaje sieć",
                "Bibliotekarze z jedenastu krajów spotkali się na cztery dni w Salonikach i "
                "założyli sieć INELI Balkans.",
                [
                    "Od 25 do 29 listopada 2015 r. pierwsze spotkanie sieci po raz pierwszy "
                    "zgromadziło innowatorów, ich mentorów i organizacje ambasadorskie.",
                    "Warsztaty z planowania strategicznego przeplatały się z wykładami, sesjami "
                    "mentorskimi i wieczorami integracyjnymi.",
                ],
                None,
            ),
        },
    ),
    (
        "sofia-2016",
        datetime.date(2016, 11, 29),
        "Bulgarian Library and Information Association",
        ["meetings", "INELI Balkans", "innovation awards"],
        "sofia",
        {
            "en": (
                "Second meeting in Sofia",
                "Hosted with the Bulgarian Library and Information Association, the second "
                "meeting ended with the announcement of the award winners.",
                [
                    "Between 25 and 28 November 2016 the innovators worked on their service "
                    "projects, heard a partner's talk on distance learning for librarians and "
                    "visited a children's museum.",
                    "On the last day the results of the online training and the winners of the "
                    "innovation awards were announced.",
                ],
                None,
            ),
            "bg": (
                "Втора среща в София",
                "Срещата, организирана заедно с Българската библиотечно-информационна "
                "асоциация, завърши с обявяването на наградените.",
                [
                    "От 25 до 28 ноември 2016 г. иноваторите работиха по своите проекти, "
                    "изслушаха лекция за дистанционно обучение на библиотекари и посетиха "
                    "детски музей.",
                    "В последния ден бяха обявени резултатите от онлайн обучението и "
                    "носителите на наградите за иновация.",
                ],
                None,
            ),
            "mk": (
                "Втора средба во Софија",
                "Средбата, организирана со Бугарското библиотечно-информациско здружение, "
                "заврши со прогласување на добитниците на наградите.",
                [
                    "Од 25 до 28 ноември 2016 година иноваторите работеа на своите проекти, "
                    "слушаа предавање за учење на далечина за библиотекари и посетија детски музеј.",
                    "Последниот ден беа објавени резултатите од онлајн обуката и добитниците на "
                    "наградите за иновација.",
                ],
                None,
            ),
        },
    ),
    (
        "athens-meeting",
        datetime.date(2017, 10, 20),
        "Future Library",
        ["meetings", "INELI Balkans"],
        "athens",
        {
            "en": (
                "Third meeting in Athens",
                "The network met in Athens for its third annual meeting, with study visits to "
                "public libraries.",
                [
                    "Innovators presented the progress of their new services and compared notes "
                    "with colleagues who face the same questions in other countries.",
                    "Study visits showed how public libraries in Attica work with schools and "
                    "local communities.",
                ],
                None,
            ),
            "mk": (
                "Трета средба во Атина",
                "Мрежата се сретна во Атина на својата трета годишна средба, со студиски "
                "посети на јавни библиотеки.",
                [
                    "Иноваторите го претставија напредокот на своите нови услуги и ги споредија "
                    "искуствата со колеги од други земји.",
                    "Студиските посети покажаа како јавните библиотеки во Атика соработуваат со "
                    "училиштата и локалните заедници.",
                ],
                None,
            ),
        },
    ),
    (
        "innovation awards",
        datetime.date(2016, 12, 5),
        "Future Library",
        ["innovation awards", "INELI Balkans"],
        "awards",
        {
            "en": (
                "Five projects win the innovation awards",
                "The jury chose five new library services to receive initial grants and "
                "administrative support.",
                [
                    "The winning projects range from a maker space for teenagers to a mobile "
                    "library for villages without a branch.",
                    "Each winner will build the service in their own library over the coming "
                    "year, with help from their mentor.",
                ],
                ("Small grants, big changes for the communities we serve.", "A jury member"),
            ),
            "mk": (
                "Пет проекти ги добија наградите за иновација",
                "Жирито избра пет нови библиотечни услуги што ќе добијат почетни грантови и "
                "административна поддршка.",
                [
                    "Наградените проекти се движат од креативна работилница за тинејџери до "
                    "мобилна библиотека за селата без огранок.",
                    "Секој добитник ќе ја изгради услугата во својата библиотека во текот на "
                    "следната година, со помош од својот ментор.",
                ],
                None,
            ),
            "bg": (
                "Пет проекта печелят наградите за иновация",
                "Журито избра пет нови библиотечни услуги, които ще получат начални грантове и "
                "административна подкрепа.",
                [
                    "Наградените проекти варират от творческа работилница за тийнейджъри до "
                    "мобилна библиотека за села без клон.",
                    "Всеки победител ще изгради услугата в своята библиотека през следващата "
                    "година с помощта на ментора си.",
                ],
                None,
            ),
            "pl": (
                "Pięć projektów z nagrodami za innowację",
                "Jury wybrało pięć nowych usług bibliotecznych, które otrzymają granty na start "
                "i wsparcie administracyjne.",
                [
                    "Nagrodzone projekty to m.in. pracownia twórcza dla nastolatków i biblioteka "
                    "mobilna dla wsi bez filii.",
                    "Każdy zwycięzca przez najbliższy rok zbuduje usługę w swojej bibliotece z "
                    "pomocą mentora.",
                ],
                None,
            ),
        },
    ),
    (
        "call-2025",
        datetime.date(2025, 5, 12),
        "Future Library",
        ["calls", "INELI Balkans"],
        None,
        {
            "en": (
                "Call for library innovators 2025–2027",
                "Librarians from the eleven countries of the network can apply to join the new "
                "two-year cohort.",
                [
                    "The programme looks for 35 librarians who want to design new services and "
                    "lead change in their libraries.",
                    "The cohort starts on 1 September 2025 with the online leadership course.",
                ],
                None,
            ),
            "mk": (
                "Повик за библиотечни иноватори 2025–2027",
                "Библиотекари од единаесетте земји на мрежата можат да се пријават во новата "
                "двегодишна генерација.",
                [
                    "Програмата бара 35 библиотекари што сакаат да осмислуваат нови услуги и да "
                    "ги водат промените во своите библиотеки.",
                    "Генерацијата започнува на 1 септември 2025 година со онлајн курсот за лидерство.",
                ],
                None,
            ),
            "bg": (
                "Покана за библиотечни иноватори 2025–2027",
                "Библиотекари от единадесетте държави в мрежата могат да кандидатстват за "
                "новия двегодишен випуск.",
                [
                    "Програмата търси 35 библиотекари, които искат да създават нови услуги и да "
                    "водят промяната в своите библиотеки.",
                    "Випускът започва на 1 септември 2025 г. с онлайн курса по лидерство.",
                ],
                None,
            ),
        },
    ),
    (
        "eleven-ambassadors",
        datetime.date(2025, 7, 3),
        "Future Library",
        ["INELI Balkans"],
        None,
        {
            "en": (
                "Eleven ambassadors for eleven countries",
                "One organisation per country keeps the network close to national library issues.",
                [
                    "From the Albanian Library Association to Zavod JARA in Slovenia, the "
                    "ambassadors are the national contact points of the programme.",
                    "They helped write the curriculum and follow the innovators of their country.",
                ],
                None,
            ),
            "mk": (
                "Единаесет амбасадори за единаесет земји",
                "По една организација од секоја земја ја држи мрежата блиску до националните "
                "библиотечни прашања.",
                [
                    "Од Албанското библиотекарско здружение до Zavod JARA во Словенија, "
                    "амбасадорите се националните контакт-точки на програмата.",
                    "Тие помогнаа во пишувањето на наставната програма и ги следат иноваторите "
                    "од својата земја.",
                ],
                None,
            ),
        },
    ),
    (
        "online-training",
        datetime.date(2025, 9, 15),
        "Future Library",
        ["training", "INELI Balkans"],
        "training",
        {
            "en": (
                "Online leadership training begins",
                "The new cohort has started the online course on strategic planning and on "
                "designing new library services.",
                [
                    "Mentors lead small groups through the modules and give feedback on each "
                    "innovator's reflections.",
                    "The course was written by Future Library together with the ambassadors and "
                    "the trainers.",
                ],
                None,
            ),
            "bg": (
                "Започва онлайн обучението по лидерство",
                "Новият випуск започна онлайн курса по стратегическо планиране и създаване на "
                "нови библиотечни услуги.",
                [
                    "Менторите водят малки групи през модулите и дават обратна връзка по "
                    "размислите на всеки иноватор.",
                    "Курсът е написан от Future Library заедно с посланиците и обучителите.",
                ],
                None,
            ),
        },
    ),
    (
        "iln-round-1",
        datetime.date(2014, 2, 28),
        "ILN team",
        ["ILN"],
        None,
        {
            "en": (
                "392 librarians complete the first ILN round",
                "The first round of the International Librarians Network, from September 2013 "
                "to February 2014, paired 392 librarians, 50 of them from Poland.",
                [
                    "Partners talked by e-mail, social media and messengers, and discussed the "
                    "topics the programme sent every few weeks.",
                    "Many participants have already signed up for the next round to add another "
                    "country to their network.",
                ],
                None,
            ),
            "pl": (
                "392 bibliotekarzy kończy pierwszą turę ILN",
                "Pierwsza tura International Librarians Network, od września 2013 do lutego "
                "2014, połączyła w pary 392 bibliotekarzy, w tym 50 z Polski.",
                [
                    "Partnerzy rozmawiali przez e-mail, media społecznościowe i komunikatory oraz "
                    "omawiali tematy, które program przesyłał co kilka tygodni.",
                    "Wielu uczestników zapisało się już na kolejną turę, aby dodać do swojej "
                    "sieci kolejny kraj.",
                ],
                None,
            ),
        },
    ),
    (
        "iln-poland",
        datetime.date(2014, 8, 1),
        "Zespół ILN",
        ["ILN"],
        None,
        {
            "pl": (
                "Polscy bibliotekarze w drugiej turze ILN",
                "W drugiej turze International Librarians Network wzięło udział 57 osób z Polski.",
                [
                    "Polska jest jednym z krajów, z których zgłasza się najwięcej uczestników. "
                    "Gdy jeden kraj przekracza 20% zgłoszeń, najpóźniejsze zgłoszenia przechodzą "
                    "do kolejnej tury.",
                    "Zgłoszenia do trzeciej tury, od września do grudnia 2014, przyjmujemy do "
                    "22 sierpnia.",
                ],
                None,
            ),
        },
    ),
    (
        "iln-round-2026",
        datetime.date(2026, 7, 20),
        "ILN team",
        ["ILN", "calls"],
        None,
        {
            "en": (
                "Applications open for the September–December 2026 round",
                "Librarians, students and information professionals can apply for a partner "
                "from another country.",
                [
                    "Tell us your sector, career stage and interests, and any wishes such as a "
                    "partner from an academic library; we use your answers to find your match.",
                    "Students without a library job yet are welcome: they bring current theory, "
                    "their partners bring practice.",
                ],
                None,
            ),
            "pl": (
                "Rusza nabór do tury wrzesień–grudzień 2026",
                "Bibliotekarze, studenci i specjaliści informacji mogą zgłosić się po partnera "
                "z innego kraju.",
                [
                    "Podaj swój sektor, etap kariery i zainteresowania oraz życzenia, np. partnera "
                    "z biblioteki akademickiej; na tej podstawie dobieramy pary.",
                    "Zapraszamy studentów bez pracy w bibliotece: wnoszą aktualną teorię, a ich "
                    "partnerzy praktykę.",
                ],
                None,
            ),
        },
    ),
    (
        "mentors-meet",
        datetime.date(2025, 10, 8),
        "Future Library",
        ["INELI Balkans", "training"],
        None,
        {
            "en": (
                "Five mentors, thirty-five innovators",
                "Each innovator of the 2025–2027 cohort now has a mentor who follows their "
                "work throughout the programme.",
                [
                    "Mentors come from libraries in Greece, Serbia, Romania, Slovenia and Bulgaria.",
                    "They meet their groups online every month and in person at the annual meeting.",
                ],
                None,
            ),
        },
    ),
    (
        "sofia-museum-visit",
        datetime.date(2016, 11, 28),
        "Българска библиотечно-информационна асоциация",
        ["meetings"],
        None,
        {
            "bg": (
                "Библиотеките и детският музей",
                "По време на срещата в София иноваторите посетиха детски музей и обсъдиха как "
                "библиотеките могат да учат чрез игра.",
                [
                    "Екскурзоводите показаха как интерактивните изложби привличат семейства, "
                    "които рядко идват в библиотеката.",
                    "Няколко иноватори решиха да изпробват подобни занимания в своите детски отдели.",
                ],
                None,
            ),
        },
    ),
    (
        "inova-lib-workshop",
        datetime.date(2026, 3, 14),
        "ИНОВА ЛИБ",
        ["training"],
        None,
        {
            "mk": (
                "Работилница на ИНОВА ЛИБ во Скопје",
                "Иноваторите од Северна Македонија ги претставија своите проекти на колеги од "
                "јавните библиотеки.",
                [
                    "На работилницата се разговараше за тоа како новите услуги да се одржат и "
                    "по завршувањето на грантот.",
                    "Следната средба ќе биде посветена на соработката со училиштата.",
                ],
                None,
            ),
        },
    ),
    (
        "iln-students",
        datetime.date(2026, 9, 2),
        "ILN team",
        ["ILN"],
        None,
        {
            "en": (
                "The new ILN round is under way",
                "Partners from dozens of countries have received each other's contact details "
                "and started talking.",
                [
                    "This round's first discussion topic asks what a library user of 2030 will "
                    "expect from us.",
                    "If your partner has not answered within two weeks, tell the coordinators: "
                    "we will help.",
                ],
                None,
            ),
        },
    ),
]

# The news tags' names in other languages (translated with wagtail-localize by the demo).
TAG_NAMES = {
    "meetings": {
        "mk": "средби",
        "sr": "сусрети",
        "pl": "spotkania",
        "bg": "срещи",
        "el": "συναντήσεις",
    },
    "INELI Balkans": {
        "mk": "INELI Балкан",
        "sr": "INELI Балкан",
        "pl": "INELI Bałkany",
        "bg": "INELI Балкани",
        "el": "INELI Βαλκάνια",
    },
    "innovation awards": {
        "mk": "награди за иновации",
        "sr": "награде за иновације",
        "pl": "nagrody za innowacje",
        "bg": "награди за иновации",
        "el": "βραβεία καινοτομίας",
    },
    "calls": {
        "mk": "повици",
        "sr": "позиви",
        "pl": "nabory",
        "bg": "покани",
        "el": "προσκλήσεις",
    },
    "training": {
        "mk": "обука",
        "sr": "обука",
        "pl": "szkolenia",
        "bg": "обучение",
        "el": "εκπαίδευση",
    },
    "ILN": {"mk": "ILN", "sr": "ILN", "pl": "ILN", "bg": "ILN", "el": "ILN"},
}
