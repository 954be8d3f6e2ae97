// SPDX-License-Identifier: GPL-2.0
// Vigil process sensor: one ring-buffer record per fork (of a process, not a thread), exec, process exit, outgoing TCP connect,
// accepted TCP connection, TCP listen, setuid call and UDP DNS query, with argv, credentials, cwd and cgroup path read in the kernel at the
// moment of the event, so that a process that lives a millisecond is reported as completely as a
// long-lived one.
// Built CO-RE against vmlinux.h generated from /sys/kernel/btf/vmlinux (see src/sensors/bpf-build.ts).
// The record layout is mirrored by src/sensors/bpf-record.ts; change both together.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#define KIND_EXEC 1
#define KIND_EXIT 2
#define KIND_CONNECT 3
#define KIND_ACCEPT 4
#define KIND_LISTEN 5
#define KIND_SETUID 6
#define KIND_DNS 7
#define KIND_FORK 8

#define AF_INET 2
#define AF_INET6 10
#define TCP_SYN_SENT 2
#define TCP_LISTEN 10
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define DNS_PORT 53
// A query is a 12-byte header and one question (name ≤ 255 bytes, type, class).
#define DNS_MAX 512
#define S_IFMT 00170000
#define S_IFSOCK 0140000

#define COMM_LEN 16
#define CGROUP_LEVELS 4
#define CGROUP_NAME 128
#define TTY_LEN 32
#define FILENAME_LEN 256
#define CWD_LEVELS 16
#define CWD_NAME 96
#define ARGS_MAX 8192

#define FLAG_ARGS_TRUNCATED 1
#define FLAG_CWD_TRUNCATED 2

struct record {
	u32 kind;
	u32 pid;
	u32 tid;
	u32 ppid;
	u32 uid;
	u32 euid;
	u32 gid;
	u32 egid;
	u64 start_boottime;
	u64 parent_start_boottime;
	u64 time_boot_ns;
	s32 exit_code;
	u32 flags;
	u32 args_len;
	u32 cgroup_levels;
	u32 cwd_levels;
	u32 pad;
	char comm[COMM_LEN];
	char parent_comm[COMM_LEN];
	char cgroup[CGROUP_LEVELS][CGROUP_NAME]; // leaf first
	// An exit (or fork) record ends here.
	union {
		struct {
			char tty[TTY_LEN];
			char filename[FILENAME_LEN];
			char cwd[CWD_LEVELS][CWD_NAME]; // innermost first
			char args[ARGS_MAX];            // NUL-separated argv as the process received it
		};
		struct {
			u16 family;
			u16 sport; // host byte order
			u16 dport;
			u16 pad2;
			u8 saddr[16]; // network byte order; IPv4 in the first 4 bytes
			u8 daddr[16];
		} net;
	};
};

#define EXIT_SIZE (__builtin_offsetof(struct record, tty))
#define NET_SIZE (EXIT_SIZE + sizeof(((struct record *)0)->net))
#define ARGS_OFFSET (__builtin_offsetof(struct record, args))

// The kernel maps a ring buffer twice into the reader and populates both at mmap, so it counts
// twice its size in the agent's RSS. 4 MiB holds ~1,100 fork+exec+exit triples of short
// commands: 2.2 s at 500 execs/s, against drains every 100 ms.
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

// Scratch space: a record is far larger than the 512-byte BPF stack.
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct record);
} scratch SEC(".maps");

// Records the ring buffer could not take; read by user space for the health report.
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} drops SEC(".maps");

static __always_inline void count_drop(void)
{
	u32 zero = 0;
	u64 *n = bpf_map_lookup_elem(&drops, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

// kernfs_node.parent became __parent in Linux 6.15; CO-RE picks whichever this kernel has.
struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___pre615 *)kn, parent);
}

static __always_inline struct kernfs_node *cgroup_node(struct task_struct *task)
{
	// The unified hierarchy names the container on cgroup v2 and hybrid hosts; on a pure v1 host
	// it is the root, and the memory controller's hierarchy holds the container path instead.
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
	if (kn && kn_parent(kn))
		return kn;
	int memory = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (memory < 0 || memory >= CGROUP_SUBSYS_COUNT)
		return kn;
	struct cgroup_subsys_state *css;
	bpf_core_read(&css, sizeof(css), &task->cgroups->subsys[memory]);
	return css ? BPF_CORE_READ(css, cgroup, kn) : kn;
}

// `task` is the current task, except at a fork, where it is the new child.
static __always_inline void fill_common(struct record *r, struct task_struct *task)
{
	r->pid = BPF_CORE_READ(task, tgid);
	r->tid = BPF_CORE_READ(task, pid);
	r->time_boot_ns = bpf_ktime_get_boot_ns();
	r->start_boottime = BPF_CORE_READ(task, group_leader, start_boottime);
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);
	r->ppid = BPF_CORE_READ(parent, tgid);
	r->parent_start_boottime = BPF_CORE_READ(parent, group_leader, start_boottime);
	bpf_probe_read_kernel_str(r->comm, sizeof(r->comm), BPF_CORE_READ(task, comm));
	bpf_probe_read_kernel_str(r->parent_comm, sizeof(r->parent_comm), BPF_CORE_READ(parent, comm));
	r->uid = BPF_CORE_READ(task, cred, uid.val);
	r->euid = BPF_CORE_READ(task, cred, euid.val);
	r->gid = BPF_CORE_READ(task, cred, gid.val);
	r->egid = BPF_CORE_READ(task, cred, egid.val);

	struct kernfs_node *kn = cgroup_node(task);
	u32 levels = 0;
	for (int i = 0; i < CGROUP_LEVELS; i++) {
		struct kernfs_node *up = kn ? kn_parent(kn) : 0;
		if (!up)
			break; // the root has no name worth sending
		bpf_probe_read_kernel_str(r->cgroup[i], CGROUP_NAME, BPF_CORE_READ(kn, name));
		levels++;
		kn = up;
	}
	r->cgroup_levels = levels;
}

struct cwd_walk {
	struct record *r;
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *root;
	struct vfsmount *root_mnt;
	u32 levels;
};

// One step of the walk from cwd towards the process's own root (a container's root for a
// contained process), crossing mount points. Run by bpf_loop so the verifier checks it once.
static long cwd_step(u64 index, void *data)
{
	struct cwd_walk *w = data;
	// Locals, not w->field, inside BPF_CORE_READ: CO-RE must relocate kernel types only.
	struct dentry *dentry = w->dentry;
	struct vfsmount *vfsmnt = w->vfsmnt;
	struct mount *mnt = w->mnt;
	if (dentry == w->root && vfsmnt == w->root_mnt)
		return 1;
	if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
		if (up == mnt)
			return 1;
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = up;
		w->vfsmnt = &up->mnt;
		return 0;
	}
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	if (parent == dentry)
		return 1;
	struct record *r = w->r;
	if (w->levels >= CWD_LEVELS) {
		r->flags |= FLAG_CWD_TRUNCATED;
		return 1;
	}
	bpf_probe_read_kernel_str(r->cwd[w->levels & (CWD_LEVELS - 1)], CWD_NAME, BPF_CORE_READ(dentry, d_name.name));
	w->levels++;
	w->dentry = parent;
	return 0;
}

static __always_inline void fill_cwd(struct record *r, struct task_struct *task)
{
	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	struct cwd_walk w = {
		.r = r,
		.dentry = BPF_CORE_READ(fs, pwd.dentry),
		.vfsmnt = BPF_CORE_READ(fs, pwd.mnt),
		.root = BPF_CORE_READ(fs, root.dentry),
		.root_mnt = BPF_CORE_READ(fs, root.mnt),
	};
	w.mnt = container_of(w.vfsmnt, struct mount, mnt);
	// Twice the name slots, so that mount crossings do not use up names.
	bpf_loop(2 * CWD_LEVELS, cwd_step, &w, 0);
	r->cwd_levels = w.levels;
}

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	r->kind = KIND_EXEC;
	r->flags = 0;
	r->exit_code = 0;
	fill_common(r, task);

	r->tty[0] = 0;
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (tty)
		bpf_probe_read_kernel_str(r->tty, sizeof(r->tty), BPF_CORE_READ(tty, name));

	unsigned short off = ctx->__data_loc_filename & 0xFFFF;
	bpf_probe_read_kernel_str(r->filename, sizeof(r->filename), (void *)ctx + off);
	fill_cwd(r, task);

	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	u64 len = end > start ? end - start : 0;
	if (len > ARGS_MAX) {
		len = ARGS_MAX;
		r->flags |= FLAG_ARGS_TRUNCATED;
	}
	if (bpf_probe_read_user(r->args, len, (void *)start) < 0)
		len = 0;
	r->args_len = len;
	if (bpf_ringbuf_output(&events, r, ARGS_OFFSET + len, 0) < 0)
		count_drop();
	return 0;
}

// The scratch record of `task`, its common part filled in and everything else empty.
static __always_inline struct record *record_of(u32 kind, struct task_struct *task)
{
	u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	r->kind = kind;
	r->flags = 0;
	r->args_len = 0;
	r->cwd_levels = 0;
	r->exit_code = 0;
	fill_common(r, task);
	return r;
}

// The scratch record of the current task.
static __always_inline struct record *task_record(u32 kind)
{
	return record_of(kind, (struct task_struct *)bpf_get_current_task_btf());
}

SEC("tp/sched/sched_process_exit")
int handle_exit(void *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	if ((u32)id != id >> 32)
		return 0; // a thread, not the process
	struct record *r = task_record(KIND_EXIT);
	if (!r)
		return 0;
	r->exit_code = BPF_CORE_READ((struct task_struct *)bpf_get_current_task_btf(), exit_code);
	if (bpf_ringbuf_output(&events, r, EXIT_SIZE, 0) < 0)
		count_drop();
	return 0;
}

// A new process: its parentage, so that a child that never execs (a subshell) still links its own
// children to their ancestors. A new thread is no process and has no record.
SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	if (BPF_CORE_READ(child, pid) != BPF_CORE_READ(child, tgid))
		return 0;
	struct record *r = record_of(KIND_FORK, child);
	if (!r)
		return 0;
	if (bpf_ringbuf_output(&events, r, EXIT_SIZE, 0) < 0)
		count_drop();
	return 0;
}

// A successful setuid-family call: the record carries the process's credentials as they are now.
// (An exec of a set-user-ID binary needs no record of its own: the exec's euid differs from uid.)
static __always_inline int setuid_done(long ret)
{
	if (ret != 0)
		return 0;
	struct record *r = task_record(KIND_SETUID);
	if (!r)
		return 0;
	if (bpf_ringbuf_output(&events, r, EXIT_SIZE, 0) < 0)
		count_drop();
	return 0;
}

SEC("tp/syscalls/sys_exit_setuid")
int handle_setuid(struct trace_event_raw_sys_exit *ctx)
{
	return setuid_done(ctx->ret);
}

SEC("tp/syscalls/sys_exit_setreuid")
int handle_setreuid(struct trace_event_raw_sys_exit *ctx)
{
	return setuid_done(ctx->ret);
}

SEC("tp/syscalls/sys_exit_setresuid")
int handle_setresuid(struct trace_event_raw_sys_exit *ctx)
{
	return setuid_done(ctx->ret);
}

static __always_inline struct record *net_record(u32 kind)
{
	struct record *r = task_record(kind);
	if (r)
		__builtin_memset(&r->net, 0, sizeof(r->net));
	return r;
}

// connect() moves the socket to SYN_SENT in the calling process's context, with the remote end and
// the local address known; the local port is usually still 0 (chosen just after). listen() moves it
// to LISTEN, likewise in the caller, with the bound address and port.
SEC("tp/sock/inet_sock_set_state")
int handle_sock_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	if ((ctx->newstate != TCP_SYN_SENT && ctx->newstate != TCP_LISTEN) || ctx->protocol != IPPROTO_TCP)
		return 0;
	struct record *r = net_record(ctx->newstate == TCP_LISTEN ? KIND_LISTEN : KIND_CONNECT);
	if (!r)
		return 0;
	r->net.family = ctx->family;
	r->net.sport = ctx->sport;
	r->net.dport = ctx->dport;
	if (ctx->family == AF_INET) {
		bpf_probe_read_kernel(r->net.saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(r->net.daddr, 4, ctx->daddr);
	} else {
		bpf_probe_read_kernel(r->net.saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(r->net.daddr, 16, ctx->daddr_v6);
	}
	if (bpf_ringbuf_output(&events, r, NET_SIZE, 0) < 0)
		count_drop();
	return 0;
}

// accept() returns the connection's fd in the accepting process: find its socket in the fd table.
// (Syscall tracepoints rather than a kprobe: they exist on kernels built without kprobes.)
// The socket behind a file descriptor of the current process, if it is one.
static __always_inline struct sock *fd_sock(long fd)
{
	if (fd < 0)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	struct file **fds = BPF_CORE_READ(task, files, fdt, fd);
	struct file *file = 0;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	if (!file || (BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return 0;
	struct socket *socket = BPF_CORE_READ(file, private_data);
	return BPF_CORE_READ(socket, sk);
}

static __always_inline int accepted(long fd)
{
	struct sock *sk = fd_sock(fd);
	if (!sk)
		return 0;
	u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if ((family != AF_INET && family != AF_INET6) || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	struct record *r = net_record(KIND_ACCEPT);
	if (!r)
		return 0;
	r->net.family = family;
	r->net.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	r->net.dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == AF_INET) {
		BPF_CORE_READ_INTO(&r->net.saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO(&r->net.daddr, sk, __sk_common.skc_daddr);
	} else {
		BPF_CORE_READ_INTO(&r->net.saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&r->net.daddr, sk, __sk_common.skc_v6_daddr);
	}
	if (bpf_ringbuf_output(&events, r, NET_SIZE, 0) < 0)
		count_drop();
	return 0;
}

SEC("tp/syscalls/sys_exit_accept4")
int handle_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tp/syscalls/sys_exit_accept")
int handle_accept(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";

// A datagram to port 53 on a UDP socket: the query as sent, for user space to parse. The
// destination is the address given with the call, else the connected peer (glibc connects its
// resolver socket, then sends without an address).
static __always_inline int dns_send(long fd, const void *buf, u64 len, const void *uaddr)
{
	if (!buf || len < 17)
		return 0;
	struct sock *sk = fd_sock(fd);
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_UDP)
		return 0;
	u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	struct record *r = net_record(KIND_DNS);
	if (!r)
		return 0;
	r->net.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (uaddr) {
		struct sockaddr_in6 sa = {};
		if (bpf_probe_read_user(&sa, sizeof(sa), uaddr) < 0)
			return 0;
		family = sa.sin6_family;
		r->net.dport = bpf_ntohs(sa.sin6_port);
		if (family == AF_INET)
			__builtin_memcpy(r->net.daddr, &((struct sockaddr_in *)&sa)->sin_addr, 4);
		else
			__builtin_memcpy(r->net.daddr, &sa.sin6_addr, 16);
	} else {
		r->net.dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (family == AF_INET)
			BPF_CORE_READ_INTO(&r->net.daddr, sk, __sk_common.skc_daddr);
		else
			BPF_CORE_READ_INTO(&r->net.daddr, sk, __sk_common.skc_v6_daddr);
	}
	if (r->net.dport != DNS_PORT || (family != AF_INET && family != AF_INET6))
		return 0;
	r->net.family = family;
	if (family == AF_INET)
		BPF_CORE_READ_INTO(&r->net.saddr, sk, __sk_common.skc_rcv_saddr);
	else
		BPF_CORE_READ_INTO(&r->net.saddr, sk, __sk_common.skc_v6_rcv_saddr);
	u32 n = len < DNS_MAX ? len : DNS_MAX;
	n &= 2 * DNS_MAX - 1; // a bound the verifier can see
	if (bpf_probe_read_user(r->args, n, buf) < 0)
		return 0;
	r->args_len = n;
	if (bpf_ringbuf_output(&events, r, ARGS_OFFSET + n, 0) < 0)
		count_drop();
	return 0;
}

SEC("tp/syscalls/sys_enter_sendto")
int handle_sendto(struct trace_event_raw_sys_enter *ctx)
{
	return dns_send(ctx->args[0], (const void *)ctx->args[1], ctx->args[2], (const void *)ctx->args[4]);
}

static __always_inline int dns_sendmsg(long fd, const struct user_msghdr *umsg)
{
	struct user_msghdr msg = {};
	struct iovec iov = {};
	if (!umsg || bpf_probe_read_user(&msg, sizeof(msg), umsg) < 0 || msg.msg_iovlen < 1)
		return 0;
	if (bpf_probe_read_user(&iov, sizeof(iov), msg.msg_iov) < 0)
		return 0;
	return dns_send(fd, iov.iov_base, iov.iov_len, msg.msg_name);
}

SEC("tp/syscalls/sys_enter_sendmsg")
int handle_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
	return dns_sendmsg(ctx->args[0], (const struct user_msghdr *)ctx->args[1]);
}

// glibc sends the A and AAAA questions together: the first two messages of a batch.
SEC("tp/syscalls/sys_enter_sendmmsg")
int handle_sendmmsg(struct trace_event_raw_sys_enter *ctx)
{
	const struct mmsghdr *vec = (const struct mmsghdr *)ctx->args[1];
	u64 vlen = ctx->args[2];
	if (!vec || vlen < 1)
		return 0;
	dns_sendmsg(ctx->args[0], &vec[0].msg_hdr);
	if (vlen > 1)
		dns_sendmsg(ctx->args[0], &vec[1].msg_hdr);
	return 0;
}
