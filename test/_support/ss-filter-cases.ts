/**
 * The --filter expressions compared with ss: by test/parity/ss-filter.test.ts live, and by
 * scripts/capture-ss-filter.ts into fixtures/ss-filter/ for the unit tests.
 */

/** Expressions ss accepts: states, ports in every operator and form, addresses, devices, logic. */
export const EXPRESSIONS = [
  "", "state listening", "state established", "state connected", "state synchronized", "state bucket", "state big",
  "exclude listening", "state time-wait state fin-wait-2", "exclude established exclude listening", "state syn-sent",
  "state close-wait", "state unconnected", "state all", "excl time-wait", "state fin-wait-2 state closed",
  "sport = :22", "sport == :ssh", "sport eq :https", "dport = :443", "dport :5432", "dport = :postgresql", "sport != :22",
  "sport neq :http", "dport ne :443", "sport > :1024", "sport gt :47000", "sport < :1024", "sport lt :100",
  "sport >= :47001", "sport ge :5432", "sport <= :443", "sport le :88", "dport geq :50000", "dport leq :80",
  "sport = :0x16", "sport = :026", "sport = 22", "dport = :smtp or sport = :smtp", "sport = :imap", "sport = :domain",
  "sport = *", "src 127.0.0.1", "dst 127.0.0.1", "src 127.0.0.1:47001", "dst 203.0.113.0/24",
  "dst 203.0.113/24", "dst 203.0.113.16/28", "dst 203.0.113.20/255.255.255.252", "src 127/8", "dst 10.8",
  "src 0.0.0.0/0", "dst 0/0", "src [::1]", "src [::1]:443", "dst [2001:db8::2]:443", "src 2001:db8::/32",
  "src [::ffff:127.0.0.1]", "src inet:127.0.0.1", "src inet6:*", "src inet:*", "dst *:443", "src *:22", "src :22",
  "dst any", "src localhost", "src ip6-localhost", "not dst ip6-localhost", "src parity-local.example", "src [::]:161", "dst ::/1", "src 127.0.0.01",
  "dev vp0", "dev lo", "dev != lo", "dev 1", "autobound", "exclude established exclude close-wait not autobound", "sport = :22 or sport = :80",
  "( sport = :22 or sport = :80 ) and dst 0.0.0.0/0", "sport = :22 or sport = :80 and src 127.0.0.1",
  "not dport = :443", "! ( src 127.0.0.1 or src [::1] )", "src 203.0.113.1 dport = :443",
  "dst 203.0.113.0/24 && ! dport = :5432", "sport > :1024 || dport < :1024", "state established dst 203.0.113.0/24",
  "state established ( dport = :443 or sport = :https )", "state listening src 203.0.113.1",
  "exclude listening not src 127.0.0.1", "src unix:*", "( ( sport = :22 ) )", "not not sport = :22",
  "dst 203.0.113.0/24 or dst 2001:db8::/32 and dport = :443", "src [::] or dev ne vp0", "src 0.0.0.0/0 dev lo", "sport >= :47000 sport <= :47999 not dst 127.0.0.1",
];

/** Expressions ss rejects. */
export const INVALID = [
  "sport = :nosuchservice", "dst", "( sport = :22", "sport = :22 )", "state nosuch", "dst 300.1.1.1", "dst 1.2.3.4/33",
  "dst [::1", "dev nosuchdev0", "src = = 1.2.3.4", "and sport = :22", "sport = :22 or", "dst != 1.2.3.4", "( )", "state",
  "sport = [::1]:22", "sport = :22 ( )", "! ", "dport > ", "dev", "src ::1", "dst [::]/0",
];

