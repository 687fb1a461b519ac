"""A real IMAP server for the mailbox tests: Debian's Dovecot (dovecot-imapd) with a standalone
configuration of its own, one user, Maildir storage, no TLS (loopback only).

Usage: dovecot_peer.py PORT LOGIN PASSWORD DIR

Writes DIR/dovecot.conf and runs Dovecot in the foreground (it stops with this process). The
user's Maildir is DIR/mail/LOGIN: a test delivers a message by writing it into its new/.
Dovecot refuses to run its login processes as root: as root they run as the users the package
created and the mail belongs to `dovecot`; otherwise everything runs as the current user.
"""
import os
import pwd
import sys

port, login, password, root = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(os.path.join(root, "mail"), exist_ok=True)
os.chmod(root, 0o777)
os.chmod(os.path.join(root, "mail"), 0o777)
if os.getuid() == 0:
    login_user, internal = "dovenull", "dovecot"
    owner = pwd.getpwnam("dovecot")
else:
    owner = pwd.getpwuid(os.getuid())
    login_user = internal = owner.pw_name
with open(os.path.join(root, "passwd"), "w") as f:
    f.write(f"{login}:{{PLAIN}}{password}::::::\n")
config = f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login_user}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
conf = os.path.join(root, "dovecot.conf")
with open(conf, "w") as f:
    f.write(config)
os.execv("/usr/sbin/dovecot", ["dovecot", "-F", "-c", conf])
