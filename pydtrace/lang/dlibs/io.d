/*
 * The I/O model of DTrace's io provider on Linux: bufinfo_t for a block
 * I/O request, devinfo_t for the device it goes to, fileinfo_t for an
 * open file, and fds[], the files the current process has open.
 *
 * A block request is the kernel's struct bio; an open file its struct
 * file.  Path names come from d_path(), which walks the file's dentries
 * and the mounts they sit on, and mount points from __mount_path(), the
 * same walk from a mount's root.
 */

typedef char *caddr_t;

typedef struct bufinfo {
	int b_flags;		/* B_READ or B_WRITE, with B_ASYNC, B_PAGEIO, B_PHYS */
	size_t b_bcount;	/* bytes to transfer */
	caddr_t b_addr;		/* buffer address (none for a bio) */
	uint64_t b_lblkno;	/* logical block: the first 512-byte sector */
	uint64_t b_blkno;	/* block on the device: the same sector */
	size_t b_resid;		/* bytes not transferred */
	size_t b_bufsize;	/* size of the buffer */
	caddr_t b_iodone;	/* the function called when the I/O completes */
	int b_error;		/* error of the I/O */
	dev_t b_edev;		/* device (major and minor number) */
} bufinfo_t;

inline int B_BUSY = 0x000001;
inline int B_DONE = 0x000002;
inline int B_ERROR = 0x000004;
inline int B_PAGEIO = 0x000010;
inline int B_PHYS = 0x000020;
inline int B_READ = 0x000040;
inline int B_WRITE = 0x000100;
inline int B_ASYNC = 0x000400;

/*
 * The low byte of bi_opf is the operation, and every operation that
 * writes has an odd number; REQ_SYNC is bit 11 (__REQ_SYNC).  A bio of
 * user pages mapped directly has BIO_USER_MAPPED (bit 6) in bi_flags.
 */
inline int REQ_OP_WRITE_BIT = 0x01;
inline int REQ_SYNC = 0x800;
inline int BIO_USER_MAPPED = 6;

translator bufinfo_t < struct bio *B >
{
	b_flags = (B->bi_opf & REQ_OP_WRITE_BIT ? B_WRITE : B_READ) |
	    (B->bi_opf & REQ_SYNC ? 0 : B_ASYNC) |
	    (B->bi_flags & (1 << BIO_USER_MAPPED) ? B_PAGEIO : B_PHYS);
	b_addr = 0;
	b_bcount = B->bi_iter.bi_size;
	b_lblkno = B->bi_iter.bi_sector;
	b_blkno = B->bi_iter.bi_sector;
	b_resid = 0;
	b_bufsize = B->bi_iter.bi_size;
	b_iodone = (caddr_t)B->bi_end_io;
	b_error = B->bi_status;
	b_edev = B->bi_bdev == NULL ? 0 : B->bi_bdev->bd_dev;
};

typedef struct devinfo {
	int dev_major;		/* major number */
	int dev_minor;		/* minor number */
	int dev_instance;	/* instance: the partition number */
	string dev_name;	/* the disk's name ("sda", "vda", "nvme0n1") */
	string dev_statname;	/* the disk's name with the partition ("vda1") */
	string dev_pathname;	/* the device file ("/dev/vda1") */
} devinfo_t;

/*
 * The partition number sits in the low byte of block_device's __bd_flags
 * (BD_PARTNO); partition 0 is the whole disk.
 */
inline int BD_PARTNO = 0xff;

translator devinfo_t < struct bio *B >
{
	dev_major = B->bi_bdev == NULL ? 0 : getmajor(B->bi_bdev->bd_dev);
	dev_minor = B->bi_bdev == NULL ? 0 : getminor(B->bi_bdev->bd_dev);
	dev_instance = B->bi_bdev == NULL ? 0 :
	    B->bi_bdev->__bd_flags.counter & BD_PARTNO;
	dev_name = B->bi_bdev == NULL ? "<none>" :
	    stringof(B->bi_bdev->bd_disk->disk_name);
	dev_statname = B->bi_bdev == NULL ? "<none>" :
	    (B->bi_bdev->__bd_flags.counter & BD_PARTNO) == 0 ?
	    stringof(B->bi_bdev->bd_disk->disk_name) :
	    strjoin(stringof(B->bi_bdev->bd_disk->disk_name),
	    lltostr(B->bi_bdev->__bd_flags.counter & BD_PARTNO));
	dev_pathname = B->bi_bdev == NULL ? "<none>" :
	    strjoin("/dev/", (B->bi_bdev->__bd_flags.counter & BD_PARTNO) == 0 ?
	    stringof(B->bi_bdev->bd_disk->disk_name) :
	    strjoin(stringof(B->bi_bdev->bd_disk->disk_name),
	    lltostr(B->bi_bdev->__bd_flags.counter & BD_PARTNO)));
};

typedef struct fileinfo {
	string fi_name;		/* the file's name: the last part of fi_pathname */
	string fi_dirname;	/* the directory it is in */
	string fi_pathname;	/* its full path name */
	loff_t fi_offset;	/* the file offset */
	string fi_fs;		/* the file system type ("ext4", "tmpfs") */
	string fi_mount;	/* where that file system is mounted */
	int fi_oflags;		/* the flags it was opened with (O_*) */
} fileinfo_t;

/* open(2) flags, as fi_oflags holds them (Linux's values) */
inline int O_ACCMODE = 0x0003;
inline int O_RDONLY = 0x0000;
inline int O_WRONLY = 0x0001;
inline int O_RDWR = 0x0002;
inline int O_CREAT = 0x0040;
inline int O_EXCL = 0x0080;
inline int O_NOCTTY = 0x0100;
inline int O_TRUNC = 0x0200;
inline int O_APPEND = 0x0400;
inline int O_NONBLOCK = 0x0800;
inline int O_NDELAY = 0x0800;
inline int O_DSYNC = 0x1000;
inline int O_ASYNC = 0x2000;
inline int O_DIRECTORY = 0x10000;
inline int O_NOFOLLOW = 0x20000;
inline int O_CLOEXEC = 0x80000;
inline int O_SYNC = 0x101000;
inline int O_FSYNC = 0x101000;
inline int O_RSYNC = 0x101000;

translator fileinfo_t < struct file *F >
{
	fi_name = F == NULL ? "<none>" : basename(d_path(&F->f_path));
	fi_dirname = F == NULL ? "<none>" : dirname(d_path(&F->f_path));
	fi_pathname = F == NULL ? "<none>" : d_path(&F->f_path);
	fi_offset = F == NULL ? 0 : F->f_pos;
	fi_fs = F == NULL ? "<none>" : stringof(F->f_path.mnt->mnt_sb->s_type->name);
	fi_mount = F == NULL ? "<none>" : __mount_path(F->f_path.mnt);
	fi_oflags = F == NULL ? 0 : F->f_flags;
};

/*
 * fds[fd]: the current process's open file fd; an fd that is not open
 * (or out of range) translates as a NULL file.
 */
inline fileinfo_t fds[int fd] = xlate <fileinfo_t> (
    fd >= 0 && fd < curthread->files->fdt->max_fds ?
    curthread->files->fdt->fd[fd] : (struct file *)NULL);
