using Orleans.Runtime;

namespace OrleansHa.Runtime.Engine;

/// <summary>A grain call whose caller waits for a <typeparamref name="T"/> (object for methods without a result).</summary>
internal sealed class Request<T>(GrainMethod method, object?[] arguments, GrainId target, CallContextData? caller)
    : GrainCallRequest(method, arguments, target, caller)
{
    // Continuations run asynchronously: the caller must never resume inside the callee's turn.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _grainTask;
    private ActivationData? _activation;

    public Task<T> Task => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override bool TrySetTimeout(TimeoutException exception) => _completion.TrySetException(exception);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Run(ActivationData activation)
    {
        var grain = activation.GrainInstance!;
        MarkStarted(grain);
        var previous = CallContext.Current;
        CallContext.Current = this;
        Task task;
        try
        {
            task = Method.Invoker(grain, Arguments);
        }
        catch (Exception exception)
        {
            task = System.Threading.Tasks.Task.FromException(exception);
        }
        finally
        {
            CallContext.Current = previous;
        }

        if (task.IsCompleted)
        {
            Finish(activation, task);
            return;
        }

        _grainTask = task;
        _activation = activation;

        // Resumes in the activation's context, so the bookkeeping below is part of the grain's turns.
        task.ConfigureAwait(true).GetAwaiter().UnsafeOnCompleted(OnGrainTaskCompleted);
    }

    private void OnGrainTaskCompleted() => Finish(_activation!, _grainTask!);

    private void Finish(ActivationData activation, Task task)
    {
        var error = task.IsFaulted ? task.Exception!.InnerException ?? task.Exception : null;

        // The activation is freed before the caller resumes, so the caller's next call does not queue behind this one.
        activation.OnRequestCompleted(this, error);
        if (error is not null)
        {
            if (Method.OneWay)
            {
                activation.Runtime.Log.OneWayCallFailed(error, Method.Name, activation.GrainId);
            }

            _completion.TrySetException(error);
        }
        else if (task.IsCanceled)
        {
            _completion.TrySetCanceled();
        }
        else
        {
            _completion.TrySetResult(activation.Runtime.Copier.CopyResult(GetResult(task)));
        }
    }

    private T GetResult(Task task)
    {
        if (Method.IsVoid)
        {
            return default!;
        }

        return task is Task<T> typed ? typed.Result : (T)Method.BoxedResult(task)!;
    }
}
